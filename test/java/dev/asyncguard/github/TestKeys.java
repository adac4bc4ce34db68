package dev.asyncguard.github;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A throwaway RSA key for App auth in tests, written as PEM the way GitHub hands it out (PKCS#1). */
final class TestKeys {
    static final KeyPair PAIR = generate();

    private TestKeys() {}

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String pkcs8Pem() {
        return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    }

    /** PKCS#1 is the OCTET STRING inside PKCS#8's PrivateKeyInfo; cut it out by reading the DER. */
    static String pkcs1Pem() {
        byte[] der = PAIR.getPrivate().getEncoded();
        int i = 0;
        i = skipHeader(der, i);          // SEQUENCE PrivateKeyInfo
        i = skipElement(der, i);         // INTEGER version
        i = skipElement(der, i);         // SEQUENCE AlgorithmIdentifier
        int start = skipHeader(der, i);  // OCTET STRING privateKey
        int length = length(der, i);
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, start, start + length));
    }

    static Path writePkcs1(Path dir) throws IOException {
        Path file = dir.resolve("app.pem");
        Files.writeString(file, pkcs1Pem());
        return file;
    }

    /** The base64 body of the PEM, to make sure no log line ever shows a piece of it. */
    static String pemBodyLine() {
        return pkcs1Pem().lines().skip(3).findFirst().orElseThrow();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int skipHeader(byte[] der, int i) {
        int first = der[i + 1] & 0xff;
        return i + 2 + (first < 0x80 ? 0 : first & 0x7f);
    }

    private static int length(byte[] der, int i) {
        int first = der[i + 1] & 0xff;
        if (first < 0x80) return first;
        int n = 0;
        for (int k = 0; k < (first & 0x7f); k++) n = (n << 8) | (der[i + 2 + k] & 0xff);
        return n;
    }

    private static int skipElement(byte[] der, int i) {
        return skipHeader(der, i) + length(der, i);
    }
}
