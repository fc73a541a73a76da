package hk.clinic.allinone.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.allinone.support.Clinic.Person;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * A steady stream of free-trial registrations from a background thread while a fault test breaks something:
 * each one a new person on the next open place (spread over every branch), every answer recorded. What a
 * fault test then checks: each {@link #accepted()} registration got exactly one confirmation per channel, and
 * no answer was a 5xx other than a 503 with {@code Retry-After} (safe for the client to retry). Given several
 * booking base URLs (replicas behind one load balancer) it sends to each in turn.
 */
public final class SteadyLoad implements AutoCloseable {

    public static final String TREATMENT = "acne-treatment-trial";
    private static final List<String> BRANCHES = List.of("causeway-bay", "tsim-sha-tsui", "mong-kok", "central");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One place to book. */
    public record Place(String branch, LocalDate date, String time) {
    }

    /** A registration answered 201, by the booking instance at {@code booking}. */
    public record Accepted(String id, Person person, Place place, String manageToken, String booking) {
    }

    /** Any answer: status -1 when the connection failed or timed out without one. */
    public record Answer(int status, Optional<String> retryAfter, String contentType, String body) {

        /** A 5xx that tells the client it may retry (503 with Retry-After, as a problem document). */
        public boolean isRetryable503() {
            return status == 503 && retryAfter.isPresent() && contentType != null
                    && contentType.startsWith("application/problem+json");
        }
    }

    private final List<String> bookings;
    private final List<Place> places;
    private final AtomicInteger next = new AtomicInteger();
    /** Places a reschedule took out of turn: registrations pass over them, so no place is handed out twice. */
    private final Set<Integer> takenOutOfTurn = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sent = new AtomicInteger();
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steady-load"));

    private SteadyLoad(List<String> bookings, List<Place> places) {
        this.bookings = List.copyOf(bookings);
        this.places = places;
    }

    /**
     * Starts registering {@code perSecond} people a second (one at a time: a slow answer delays the next one,
     * as a waiting user would). Open places are read once, from the minimal date on, over the next weeks.
     */
    public static SteadyLoad start(Clinic clinic, int perSecond) {
        return start(clinic, perSecond, List.of(clinic.booking));
    }

    /** As {@link #start(Clinic, int)}, sending the registrations to these booking base URLs in turn. */
    public static SteadyLoad start(Clinic clinic, int perSecond, List<String> bookingBaseUrls) {
        SteadyLoad load = new SteadyLoad(bookingBaseUrls, openPlaces(clinic));
        load.timer.scheduleWithFixedDelay(load::registerOne, 0, 1000 / perSecond, TimeUnit.MILLISECONDS);
        return load;
    }

    /** Open places read at the start, one entry per free place (registrations and reschedules take them in turn). */
    public int placesKnown() {
        return places.size();
    }

    /** Registers one more person now, on the calling thread, and returns the answer (also recorded). */
    public Answer registerOne() {
        int index;
        do {
            index = next.getAndIncrement();
        } while (takenOutOfTurn.remove(index % places.size()));
        Place place = places.get(index % places.size());
        Person person = Person.next(next.get() % 2 == 0 ? "en" : "zh-HK");
        String booking = bookings.get(Math.floorMod(sent.getAndIncrement(), bookings.size()));
        Answer answer = post(booking, place, person);
        answers.add(answer);
        if (answer.status() == 201) {
            try {
                var created = JSON.readTree(answer.body());
                accepted.add(new Accepted(created.get("id").asText(), person, place, created.get("manageToken").asText(), booking));
            } catch (Exception e) {
                throw new IllegalStateException("201 without an id: " + answer.body(), e);
            }
        }
        return answer;
    }

    /**
     * Moves a registration to the next open place with its manage token, through the booking instance that took
     * it; the answer is recorded with the others (200 expected).
     */
    public Answer reschedule(Accepted registration) {
        // A PATCH moves the date and time within the registration's branch, and moving to the slot it already
        // holds changes nothing (no event, no notice): take the next place in its branch at another slot.
        Place place = null;
        for (int i = next.get(); place == null && i < next.get() + places.size(); i++) {
            Place candidate = places.get(i % places.size());
            if (candidate.branch().equals(registration.place().branch())
                    && !(candidate.date().equals(registration.place().date()) && candidate.time().equals(registration.place().time()))
                    && takenOutOfTurn.add(i % places.size())) {
                place = candidate;
            }
        }
        if (place == null) {
            throw new IllegalStateException("no open place left in " + registration.place().branch());
        }
        String body = "{\"preferredDate\":\"" + place.date() + "\",\"preferredTime\":\"" + place.time() + "\"}";
        return record(send(HttpRequest.newBuilder(URI.create(registration.booking() + "/api/v1/registrations/" + registration.id()))
                .header("X-Manage-Token", registration.manageToken()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
    }

    /** Cancels a registration with its manage token; the answer is recorded with the others (200 expected). */
    public Answer cancel(Accepted registration) {
        return record(send(HttpRequest.newBuilder(URI.create(registration.booking() + "/api/v1/registrations/" + registration.id()))
                .header("X-Manage-Token", registration.manageToken()).DELETE()));
    }

    private Answer record(Answer answer) {
        answers.add(answer);
        return answer;
    }

    /** Registrations answered 201 so far. */
    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    /** Every answer so far, in order. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Count of answers by status (-1: no answer). */
    public Map<Integer, Integer> statusCounts() {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(a -> counts.merge(a.status(), 1, Integer::sum));
        return counts;
    }

    /** 5xx answers a client could not safely retry: anything but a 503 problem with Retry-After. */
    public List<Answer> unsafeServerErrors() {
        return answers.stream().filter(a -> a.status() >= 500 && !a.isRetryable503()).toList();
    }

    /** Stops the stream and waits for the request in flight. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer post(String booking, Place place, Person person) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.ofEntries(
                    Map.entry("treatmentCode", TREATMENT), Map.entry("branchCode", place.branch()),
                    Map.entry("preferredDate", place.date().toString()), Map.entry("preferredTime", place.time()),
                    Map.entry("fullName", person.fullName()), Map.entry("phone", person.phone()),
                    Map.entry("email", person.email()), Map.entry("language", person.language()),
                    Map.entry("consent", Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", true)),
                    Map.entry("marketingOptIn", false),
                    Map.entry("source", Map.of("channel", "web", "campaign", "fault-test"))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(booking + "/api/v1/registrations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After"),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, Optional.empty(), null, e.toString());
        } catch (Exception e) {
            return new Answer(-1, Optional.empty(), null, e.toString());
        }
    }

    private static List<Place> openPlaces(Clinic clinic) {
        List<Place> places = new ArrayList<>();
        LocalDate today = LocalDate.now(Clinic.HONG_KONG);
        for (String branch : BRANCHES) {
            var availability = given().queryParam("treatment", TREATMENT).queryParam("branch", branch)
                    .queryParam("from", today.plusDays(1).toString()).queryParam("to", today.plusDays(45).toString())
                    .get(clinic.booking + "/api/v1/availability").then().statusCode(200).extract().jsonPath();
            LocalDate minimal = LocalDate.parse(availability.getString("minimalDate"));
            for (Map<String, Object> day : availability.<Map<String, Object>>getList("days")) {
                LocalDate date = LocalDate.parse((String) day.get("date"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> slots = (List<Map<String, Object>>) day.get("slots");
                for (Map<String, Object> slot : slots) {
                    int remaining = ((Number) slot.get("remaining")).intValue();
                    for (int i = 0; i < remaining && !date.isBefore(minimal); i++) {
                        places.add(new Place(branch, date, (String) slot.get("time")));
                    }
                }
            }
        }
        // Later places first: the journeys and other tests book from the minimal date on.
        Collections.reverse(places);
        return places;
    }
}
