package dev.asyncguard.github.intake;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body
 * bytes under the webhook secret. Compared in constant time so that response timing does not
 * reveal how much of a forged signature was right.
 */
public final class WebhookSignature {
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    /**
     * Whether {@code header} signs {@code body} under any of {@code secrets} (two while a secret
     * is rotated). Every secret is tried, so the time taken does not tell which one matched.
     */
    public static boolean matchesAny(java.util.List<byte[]> secrets, byte[] body, String header) {
        boolean any = false;
        for (byte[] secret : secrets) any |= matches(secret, body, header);
        return any;
    }

    public static boolean matches(byte[] secret, byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body), given);
    }

    /** The header value GitHub would send for {@code body}; tests and the bench sign with it. */
    public static String sign(byte[] secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
