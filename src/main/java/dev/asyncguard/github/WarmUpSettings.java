package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The service's warm-up (asyncguard.warm-up, {@code ASYNCGUARD_WARM_UP_*}): between the HTTP listener's
 * start and the first "ready", reviews of a bundled pull request run in the background, never asking
 * GitHub, so that the code a delivery runs is loaded and compiled before the first delivery comes.
 *
 * @param reviews   bundled reviews to run; 0 turns the warm-up off (ready as soon as the queue is)
 * @param timeLimit the warm-up stops after this long even if reviews are left (a slow or starved
 *                  machine still becomes ready)
 */
@ConfigurationProperties("asyncguard.warm-up")
public record WarmUpSettings(
        @Bindable(defaultValue = "40") int reviews,
        @Bindable(defaultValue = "20s") Duration timeLimit) {
}
