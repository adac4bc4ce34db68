package dev.asyncguard.github.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.github.AppCredentials;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.ServiceSettings;
import dev.asyncguard.queue.ReviewQueue;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /github/webhook}: verify, parse, enqueue; nothing slow happens here. 401 for a
 * missing or wrong signature, 413 above the size limit, 400 for a body that is not JSON, 202 when
 * a review was queued, 204 for events we ignore, 200 for a delivery we have already seen, 503 when
 * the queue is full or shutting down (GitHub shows it as failed and it can be redelivered).
 */
@Controller("/github")
public class WebhookController {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final AppCredentials credentials;
    private final ServiceSettings settings;
    private final ObjectMapper json;
    private final ReviewQueue queue;
    private final RecheckRequests rechecks;
    private final ServiceMetrics metrics;
    private final WebhookEvents events;
    private final DeliveryLog deliveries;
    private final QueuedCheckRuns queuedCheckRuns;

    public WebhookController(AppCredentials credentials, ServiceSettings settings, ObjectMapper json,
                             ReviewQueue queue, RecheckRequests rechecks, ServiceMetrics metrics,
                             DeliveryLog deliveries, QueuedCheckRuns queuedCheckRuns) {
        this.queuedCheckRuns = queuedCheckRuns;
        this.credentials = credentials;
        this.settings = settings;
        this.json = json;
        this.queue = queue;
        this.rechecks = rechecks;
        this.metrics = metrics;
        this.events = new WebhookEvents(credentials.appId());
        this.deliveries = deliveries;
    }

    @Post(uri = "/webhook", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> receive(HttpRequest<?> request, @Body byte[] body) {
        String event = request.getHeaders().get("X-GitHub-Event");
        String delivery = request.getHeaders().get("X-GitHub-Delivery");
        // Until the signature is checked the header is the sender's free text: it never becomes a tag.
        String unverified = "unverified";
        MDC.put("delivery", delivery == null ? "-" : delivery);
        try {
            if (body.length > settings.maxBodyBytes()) {
                metrics.delivery(unverified, "too_large");
                return status(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body larger than " + settings.maxBodyBytes() + " bytes");
            }
            if (!WebhookSignature.matchesAny(credentials.webhookSecrets(), body, request.getHeaders().get("X-Hub-Signature-256"))) {
                LOG.warn("delivery with a missing or wrong X-Hub-Signature-256 rejected");
                metrics.delivery(unverified, "unauthorized");
                return status(HttpStatus.UNAUTHORIZED, "missing or wrong X-Hub-Signature-256");
            }
            // Signed by GitHub, but still only the events we subscribe to name a series of their own.
            String eventTag = WebhookEvents.metricTag(event);
            if (delivery == null || delivery.isBlank() || event == null) {
                metrics.delivery(eventTag, "malformed");
                return status(HttpStatus.BAD_REQUEST, "X-GitHub-Event and X-GitHub-Delivery are required");
            }
            JsonNode payload;
            try {
                payload = WebhookFields.read(json, body);
            } catch (JacksonException e) {
                metrics.delivery(eventTag, "malformed");
                return status(HttpStatus.BAD_REQUEST, "body is not JSON");
            } catch (IOException e) {
                metrics.delivery(eventTag, "malformed");
                return status(HttpStatus.BAD_REQUEST, "body cannot be read");
            }
            if (payload == null || !payload.isObject()) {
                metrics.delivery(eventTag, "malformed");
                return status(HttpStatus.BAD_REQUEST, "body is not a JSON object");
            }
            WebhookDecision decision = events.decide(event, payload, delivery, Instant.now());
            if (decision instanceof WebhookDecision.Ignore ignore) {
                LOG.debug("ignored: {}", ignore.reason());
                metrics.delivery(eventTag, "ignored");
                return HttpResponse.noContent();
            }
            boolean seen;
            try {
                seen = deliveries.seen(delivery);
            } catch (RuntimeException e) {
                LOG.warn("delivery log unavailable: {}", e.getMessage());
                metrics.delivery(eventTag, "queue_unavailable");
                return status(HttpStatus.SERVICE_UNAVAILABLE, "review queue unavailable");
            }
            if (seen) {
                LOG.info("redelivery of {} ignored", delivery);
                metrics.delivery(eventTag, "duplicate");
                return HttpResponse.ok(Map.of("status", "duplicate"));
            }
            if (decision instanceof WebhookDecision.Recheck recheck) {
                remember(delivery);
                rechecks.submit(recheck);
                metrics.delivery(eventTag, "accepted");
                return HttpResponse.accepted().body(Map.of("status", "accepted"));
            }
            var job = ((WebhookDecision.Review) decision).job();
            queuedCheckRuns.before(job);
            ReviewQueue.Offer offer = queue.offer(job);
            queuedCheckRuns.after(job, offer);
            switch (offer) {
                case FULL -> {
                    metrics.delivery(eventTag, "queue_full");
                    return status(HttpStatus.SERVICE_UNAVAILABLE, "review queue is full");
                }
                case CLOSED -> {
                    metrics.delivery(eventTag, "shutting_down");
                    return status(HttpStatus.SERVICE_UNAVAILABLE, "shutting down");
                }
                case UNAVAILABLE -> {
                    metrics.delivery(eventTag, "queue_unavailable");
                    return status(HttpStatus.SERVICE_UNAVAILABLE, "review queue unavailable");
                }
                default -> remember(delivery);     // marked only now that the job is durably queued
            }
            LOG.info("{} {} for {} at {}: {}", event, payload.path("action").asText(), job.pullRequest(),
                    job.headSha() == null ? "current head" : job.headSha(), offer);
            metrics.delivery(eventTag, "accepted");
            return HttpResponse.accepted().body(Map.of("status", "accepted", "queue", offer.name().toLowerCase(java.util.Locale.ROOT)));
        } finally {
            MDC.remove("delivery");
        }
    }

    /** A failure here only means a redelivery would queue the job again; the review itself stays single. */
    private void remember(String delivery) {
        try {
            deliveries.remember(delivery);
        } catch (RuntimeException e) {
            LOG.warn("could not remember delivery {}: {}", delivery, e.getMessage());
        }
    }

    private static HttpResponse<?> status(HttpStatus status, String message) {
        return HttpResponse.status(status).body(Map.of("message", message));
    }
}
