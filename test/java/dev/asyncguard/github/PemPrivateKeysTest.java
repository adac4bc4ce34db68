package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemPrivateKeysTest {

    @Test
    void pkcs1AndPkcs8ReadAsTheSameKey() {
        var fromPkcs1 = PemPrivateKeys.parse(TestKeys.pkcs1Pem());
        var fromPkcs8 = PemPrivateKeys.parse(TestKeys.pkcs8Pem());
        assertArrayEquals(TestKeys.PAIR.getPrivate().getEncoded(), fromPkcs1.getEncoded());
        assertArrayEquals(fromPkcs8.getEncoded(), fromPkcs1.getEncoded());
    }

    @Test
    void pemWithCrLfAndSurroundingTextIsRead() {
        String pem = "key for the test app\r\n" + TestKeys.pkcs1Pem().replace("\n", "\r\n");
        assertEquals(TestKeys.PAIR.getPrivate(), PemPrivateKeys.parse(pem));
    }

    @Test
    void badInputSaysWhatIsWrongWithoutKeyMaterial() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PemPrivateKeys.parse("not a key"))
                .getMessage().contains("no PEM block"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PemPrivateKeys.parse(
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----")).getMessage().contains("unsupported"));
        String truncated = TestKeys.pkcs1Pem().replace(TestKeys.pemBodyLine() + "\n", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemPrivateKeys.parse(truncated));
        assertFalse(e.getMessage().contains(TestKeys.pemBodyLine().substring(0, 20)));
    }
}
