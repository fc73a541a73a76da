package hk.clinic.booking.service;

import hk.clinic.booking.config.BookingConfig;
import hk.clinic.booking.domain.BookingProblem;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters per client address and per phone number, held per replica (a replica behind a
 * load balancer sees its share; limits are configured accordingly). Limits come from clinic.rate-limit.*.
 */
@ApplicationScoped
public class RateLimiter {

    private record Window(long start, int count) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    BookingConfig config;

    @Inject
    Clock clock;

    public void checkAddress(String address) {
        check("address:" + address, config.rateLimit().perAddress(), "this client address");
    }

    public void checkPhone(String e164) {
        check("phone:" + e164, config.rateLimit().perPhone(), "this phone number");
    }

    private void check(String key, int limit, String what) {
        long windowMillis = config.rateLimit().window().toMillis();
        long now = clock.millis();
        long start = now - Math.floorMod(now, windowMillis);
        Window w = windows.compute(key, (k, old) ->
                old == null || old.start() != start ? new Window(start, 1) : new Window(start, old.count() + 1));
        if (w.count() > limit) {
            long retryAfter = (start + windowMillis - now + 999) / 1000;
            throw BookingProblem.rateLimited("Too many registration requests from " + what + "; try again in "
                    + retryAfter + " seconds.", retryAfter);
        }
    }

    @Scheduled(every = "1m")
    void forgetOldWindows() {
        long windowMillis = config.rateLimit().window().toMillis();
        long now = clock.millis();
        long current = now - Math.floorMod(now, windowMillis);
        windows.values().removeIf(w -> w.start() < current);
    }
}
