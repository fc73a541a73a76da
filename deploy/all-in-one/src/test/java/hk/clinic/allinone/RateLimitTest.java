package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Clinic.Person;
import hk.clinic.allinone.support.RunningPlatform;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public write endpoints' rate limits, end to end. The shared platform runs booking with raised limits (the
 * other system tests register from one address), so booking's limits are checked on an extra booking instance
 * started with the production defaults; the client address is the X-Forwarded-For that the ingress would set
 * (127.0.0.1 is a trusted proxy), a fresh one per check.
 */
@ExtendWith(RunningPlatform.class)
class RateLimitTest {

    /** As in booking-service's application.properties. */
    private static final int PER_ADDRESS = 30;
    private static final int PER_PHONE = 5;
    /** As in notification-service's application.properties. */
    private static final int OPT_OUTS_PER_ADDRESS = 20;
    private static final String[] BRANCHES = {"causeway-bay", "tsim-sha-tsui", "mong-kok", "central"};

    private static final AtomicInteger ADDRESSES =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(100_000));
    private static ServiceProcess booking;

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final Map<String, Deque<Clinic.Slot>> slots = new HashMap<>();

    @BeforeAll
    static void bookingWithDefaultLimits() {
        booking = RunningPlatform.platform().startReplica("booking", Map.of(
                "clinic.rate-limit.per-address", String.valueOf(PER_ADDRESS),
                "clinic.rate-limit.per-phone", String.valueOf(PER_PHONE)));
    }

    @AfterAll
    static void stopIt() {
        booking.stop();
    }

    @Test
    void oneClientAddressGetsExactlyItsLimitAndNothingMoreIsStored() {
        Burst burst = untilWithinOneWindow(() -> {
            String address = freshAddress();
            List<Person> people = new ArrayList<>();
            for (int i = 0; i <= PER_ADDRESS; i++) {
                people.add(Person.next(i % 2 == 0 ? "en" : "zh-HK"));
            }
            return burst(people, i -> register(address, people.get(i), "acne-treatment-trial", BRANCHES[i % BRANCHES.length]));
        });
        long retryAfter = assertRateLimited(burst.last(), "https://api.clinic.hk/problems/rate-limited");
        Person refused = burst.people().get(PER_ADDRESS);
        assertEquals(0, registrationsWithPhone(refused.e164()), "nothing stored for the refused request");
        assertEquals(PER_ADDRESS, burst.people().subList(0, PER_ADDRESS).stream().mapToLong(p -> registrationsWithPhone(p.e164())).sum());

        Response other = register(freshAddress(), refused, "acne-treatment-trial", "mong-kok");
        assertEquals(201, other.statusCode(), "the same request from another address is accepted: " + other.asString());
        System.out.printf("RateLimitTest (per address, limit %d/min): %d accepted, request %d answered 429 with Retry-After "
                        + "%d s, 0 rows stored for it, the same request from another address accepted (%d attempt(s))%n",
                PER_ADDRESS, PER_ADDRESS, PER_ADDRESS + 1, retryAfter, burst.attempt());
    }

    @Test
    void onePhoneNumberGetsExactlyItsLimitWhateverTheAddress() {
        // A paid treatment: the same person may book it several times, so every request up to the limit stores one.
        String treatment = "vacuum-microdermabrasion-facial";
        Burst burst = untilWithinOneWindow(() -> {
            Person person = Person.next("en");
            return burst(Collections.nCopies(PER_PHONE + 1, person),
                    i -> register(freshAddress(), person, treatment, BRANCHES[i % BRANCHES.length]));
        });
        long retryAfter = assertRateLimited(burst.last(), "https://api.clinic.hk/problems/rate-limited");
        assertEquals(PER_PHONE, registrationsWithPhone(burst.people().get(0).e164()), "nothing stored for the refused request");

        Person other = Person.next("en");
        Response r = register(freshAddress(), other, treatment, "central");
        assertEquals(201, r.statusCode(), "another phone number is unaffected: " + r.asString());
        System.out.printf("RateLimitTest (per phone, limit %d/min): %d accepted from %d addresses, request %d answered 429 "
                        + "with Retry-After %d s, 0 rows stored for it, another phone accepted (%d attempt(s))%n",
                PER_PHONE, PER_PHONE, PER_PHONE, PER_PHONE + 1, retryAfter, burst.attempt());
    }

    /** Requests 1..n-1 of a burst (each must be 201), its last answer, whether it all fell in one window. */
    private record Burst(List<Person> people, Response last, boolean oneWindow, int attempt) {
    }

    private static Burst burst(List<Person> people, IntFunction<Response> request) {
        long window = Instant.now().getEpochSecond() / 60;
        for (int i = 0; i < people.size() - 1; i++) {
            Response r = request.apply(i);
            assertEquals(201, r.statusCode(), "request " + (i + 1) + " of the limit " + (people.size() - 1) + ": " + r.asString());
        }
        Response last = request.apply(people.size() - 1);
        return new Burst(people, last, Instant.now().getEpochSecond() / 60 == window, 0);
    }

    /**
     * Booking counts in fixed one-minute windows aligned to the clock's minutes: a burst that straddled a window's
     * end was split over two counters (its last request may then pass), so it is tried again, with a fresh
     * address and person, in the next window.
     */
    private static Burst untilWithinOneWindow(Supplier<Burst> attempt) {
        for (int i = 1; ; i++) {
            Burst b = attempt.get();
            if (b.oneWindow() || b.last().statusCode() == 429 || i == 3) {
                return new Burst(b.people(), b.last(), b.oneWindow(), i);
            }
        }
    }

    @Test
    void theOptOutEndpointGetsExactlyItsLimitPerAddress() {
        String notification = clinic.notification;
        String address = freshAddress();
        for (int i = 0; i < OPT_OUTS_PER_ADDRESS; i++) {
            Response r = optOut(notification, address);
            assertEquals(400, r.statusCode(), "request " + (i + 1) + ": an invalid token, not yet limited: " + r.asString());
        }
        long retryAfter = assertRateLimited(optOut(notification, address), null);
        assertEquals(400, optOut(notification, freshAddress()).statusCode(), "another address is unaffected");
        System.out.printf("RateLimitTest (opt-out, limit %d/min): %d answered 400 (invalid token), request %d answered 429 "
                + "with Retry-After %d s, another address answered 400%n", OPT_OUTS_PER_ADDRESS, OPT_OUTS_PER_ADDRESS,
                OPT_OUTS_PER_ADDRESS + 1, retryAfter);
    }

    /** A 429 problem whose Retry-After is a positive number of seconds within the one-minute window; returns it. */
    private static long assertRateLimited(Response r, String type) {
        assertEquals(429, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        String retryAfter = r.header("Retry-After");
        assertTrue(retryAfter != null && retryAfter.matches("[1-9][0-9]*") && Long.parseLong(retryAfter) <= 60,
                "Retry-After: " + retryAfter);
        assertEquals(429, r.jsonPath().getInt("status"));
        assertTrue(r.jsonPath().getString("title") != null && r.jsonPath().getString("detail") != null, r.asString());
        if (type != null) {
            assertEquals(type, r.jsonPath().getString("type"));
        }
        return Long.parseLong(retryAfter);
    }

    /** On a slot of its own (read once per treatment and branch, so a burst sends registrations only). */
    private Response register(String address, Person person, String treatment, String branch) {
        Deque<Clinic.Slot> open = slots.computeIfAbsent(treatment + "@" + branch,
                k -> new ArrayDeque<>(clinic.openSlots(treatment, branch)));
        assertTrue(!open.isEmpty(), "open slots left for " + treatment + " at " + branch);
        return clinic.registration(booking.baseUrl(), Map.of("X-Forwarded-For", address), person, treatment, branch,
                open.removeLast());
    }

    private static Response optOut(String notification, String address) {
        return given().header("X-Forwarded-For", address).queryParam("token", "not-a-token." + ThreadLocalRandom.current().nextInt())
                .post(notification + "/api/v1/opt-outs");
    }

    private long registrationsWithPhone(String e164) {
        try (Connection c = platform.infra().postgres().adminConnection();
             var query = c.prepareStatement("SELECT count(*) FROM booking.registration WHERE phone = ?")) {
            query.setString(1, e164);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address from 198.18.0.0/15 (RFC 2544, never a real client) that no other request of the run uses. */
    private static String freshAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198." + (18 + n / 65_536 % 2) + "." + (n / 256 % 256) + "." + (n % 256);
    }
}
