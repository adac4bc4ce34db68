package dev.asyncguard.github;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A response body collected up to {@code limit} bytes; one byte more marks it truncated and stops reading. */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Result> {
    record Result(byte[] bytes, boolean truncated) {}

    private final long limit;
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private volatile java.util.concurrent.Flow.Subscription subscription;

    LimitedBody(long limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<Result> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> items) {
        for (java.nio.ByteBuffer buffer : items) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            long room = limit - out.size();
            if (chunk.length > room) {
                out.write(chunk, 0, (int) Math.max(0, room));
                subscription.cancel();
                result.complete(new Result(out.toByteArray(), true));
                return;
            }
            out.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new Result(out.toByteArray(), false));
    }

    /** Stops reading: the connection is closed rather than drained. */
    void abandon() {
        var s = subscription;
        if (s != null) s.cancel();
        result.cancel(true);
    }
}
