package hk.clinic.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.notification.client.ContentApi;
import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.AftercarePlan;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Aftercare plans from content-service, fetched with a timeout, retries and a circuit breaker; the last good
 * copy of each plan is kept in our schema and used whenever content-service cannot answer.
 */
@ApplicationScoped
public class AftercarePlans {

    private static final Logger LOG = Logger.getLogger(AftercarePlans.class);

    @Inject
    NotificationConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    private ContentApi api;
    private Guard guard;

    @PostConstruct
    void init() {
        api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.content().baseUrl()))
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(3, TimeUnit.SECONDS)
                .build(ContentApi.class);
        guard = Guard.create()
                .withDescription("content-service aftercare plans")
                .withTimeout().duration(config.content().timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withRetry().maxRetries(2).delay(200, ChronoUnit.MILLIS).abortOn(PlanNotFound.class).done()
                .withCircuitBreaker().requestVolumeThreshold(4).failureRatio(0.5)
                .delay(config.content().circuitBreakerDelay().toMillis(), ChronoUnit.MILLIS)
                .skipOn(PlanNotFound.class).done()
                .withThreadOffload(false)
                .build();
    }

    /** The plan, fresh or cached; empty when content-service has no plan for the treatment. */
    public Optional<AftercarePlan> planFor(String treatmentCode) {
        Optional<CachedPlan> cached = cached(treatmentCode);
        try {
            Fetched fetched = guard.call(() -> fetch(treatmentCode, cached.map(CachedPlan::etag).orElse(null)), Fetched.class);
            if (fetched.notModified() && cached.isPresent()) {
                return Optional.of(parse(cached.get().document()));
            }
            AftercarePlan plan = parse(fetched.document());
            store(treatmentCode, plan.version(), fetched.etag(), fetched.document());
            return Optional.of(plan);
        } catch (PlanNotFound e) {
            return Optional.empty();
        } catch (Exception e) {
            if (cached.isPresent()) {
                LOG.warnf("content-service unavailable (%s); using the cached aftercare plan for %s",
                        e.getClass().getSimpleName(), treatmentCode);
                return Optional.of(parse(cached.get().document()));
            }
            throw new ContentUnavailableException("No aftercare plan for " + treatmentCode
                    + ": content-service unavailable and nothing cached", e);
        }
    }

    private Fetched fetch(String treatmentCode, String etag) {
        try (Response response = api.aftercarePlan(treatmentCode, etag)) {
            if (response.getStatus() == 304) {
                return new Fetched(null, etag, true);
            }
            return new Fetched(response.readEntity(String.class), response.getHeaderString("ETag"), false);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw new PlanNotFound();
            }
            throw e;
        }
    }

    private AftercarePlan parse(String document) {
        try {
            return mapper.readValue(document, AftercarePlan.class);
        } catch (JsonProcessingException e) {
            throw new ContentUnavailableException("Unreadable aftercare plan from content-service", e);
        }
    }

    private Optional<CachedPlan> cached(String treatmentCode) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT etag, document FROM aftercare_plan_cache WHERE treatment_code = ?1")
                    .setParameter(1, treatmentCode).getResultList();
            return rows.stream().findFirst().map(r -> new CachedPlan((String) r[0], (String) r[1]));
        });
    }

    private void store(String treatmentCode, int version, String etag, String document) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO aftercare_plan_cache (treatment_code, version, etag, document, fetched_at)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (treatment_code) DO UPDATE
                        SET version = excluded.version, etag = excluded.etag, document = excluded.document,
                            fetched_at = excluded.fetched_at""")
                .setParameter(1, treatmentCode).setParameter(2, version).setParameter(3, etag)
                .setParameter(4, document).setParameter(5, clock.instant())
                .executeUpdate());
    }

    private record CachedPlan(String etag, String document) {
    }

    private record Fetched(String document, String etag, boolean notModified) {
    }

    /** content-service answered 404: not a failure of the service, so neither retried nor counted by the breaker. */
    static final class PlanNotFound extends RuntimeException {
        PlanNotFound() {
            super("no aftercare plan", null, false, false);
        }
    }
}
