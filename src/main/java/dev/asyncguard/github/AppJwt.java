package dev.asyncguard.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;

/**
 * The App's own identity: an RS256 JSON Web Token that GitHub accepts for at most ten minutes.
 * Issued 60 s in the past to absorb clock drift, as GitHub recommends, and valid for nine minutes.
 */
final class AppJwt {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final long appId;
    private final RSAPrivateKey key;

    AppJwt(long appId, RSAPrivateKey key) {
        this.appId = appId;
        this.key = key;
    }

    String mint(Instant now) {
        long iat = now.getEpochSecond() - 60;
        long exp = now.getEpochSecond() + 540;
        String payload = B64.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":\"" + appId + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String signingInput = HEADER + "." + payload;
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the App JWT: " + e.getClass().getSimpleName(), e);
        }
    }
}
