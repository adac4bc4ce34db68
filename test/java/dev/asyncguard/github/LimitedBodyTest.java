package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** {@link LimitedBody} fed as the JDK's client feeds it: heap, direct and read-only buffers, any announced length. */
class LimitedBodyTest {
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

    /** The answer in chunks of {@code chunk} bytes, each in a buffer of the given kind (0 heap at an offset, 1 direct, 2 read-only). */
    private static LimitedBody.Result feed(byte[] answer, int chunk, long limit, String contentLength) throws Exception {
        LimitedBody body = new LimitedBody(limit);
        if (contentLength != null) body.sizedFor(HttpHeaders.of(Map.of("Content-Length", List.of(contentLength)), (a, b) -> true));
        boolean[] cancelled = {false};
        body.onSubscribe(new Flow.Subscription() {
            @Override public void request(long n) {}
            @Override public void cancel() { cancelled[0] = true; }
        });
        for (int at = 0, kind = 0; at < answer.length && !cancelled[0]; at += chunk, kind = (kind + 1) % 3) {
            byte[] part = Arrays.copyOfRange(answer, at, Math.min(answer.length, at + chunk));
            ByteBuffer buffer = switch (kind) {
                case 0 -> { byte[] padded = new byte[part.length + 5]; System.arraycopy(part, 0, padded, 3, part.length);
                            yield ByteBuffer.wrap(padded, 3, part.length).slice(); }
                case 1 -> ByteBuffer.allocateDirect(part.length).put(part).flip();
                default -> ByteBuffer.wrap(part).asReadOnlyBuffer();
            };
            body.onNext(List.of(buffer));
        }
        if (!cancelled[0]) body.onComplete();
        return body.getBody().toCompletableFuture().get();
    }

    @Test
    void wholeAnswersAreCollectedWhateverTheBuffersAndTheAnnouncedLength() throws Exception {
        byte[] answer = bytes(10_000);
        for (String length : new String[] {null, "10000", "5", "999999999", "-1", "x"}) {
            LimitedBody.Result r = feed(answer, 777, 1 << 20, length);
            assertArrayEquals(answer, r.bytes(), "Content-Length " + length);
            assertEquals(false, r.truncated());
        }
    }

    @Test
    void anAnswerPastTheLimitIsCutThereAndMarked() throws Exception {
        byte[] answer = bytes(10_000);
        for (String length : new String[] {null, "10000", "100"}) {
            LimitedBody.Result r = feed(answer, 333, 4_000, length);
            assertArrayEquals(Arrays.copyOf(answer, 4_000), r.bytes(), "Content-Length " + length);
            assertEquals(true, r.truncated());
        }
        LimitedBody.Result exact = feed(bytes(4_000), 1000, 4_000, "4000");
        assertEquals(4_000, exact.bytes().length);
        assertEquals(false, exact.truncated());
    }
}
