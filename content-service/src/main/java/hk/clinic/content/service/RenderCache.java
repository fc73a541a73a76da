package hk.clinic.content.service;

import hk.clinic.content.config.ContentConfig;
import hk.clinic.content.repository.ContentReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Pre-rendered public responses keyed by (resource, locale, ...). Invalidation across replicas: every
 * publish bumps {@code content_revision} in its own transaction; a replica re-reads that one row at most
 * once per {@code clinic.content.cache.revision-check-interval} and drops everything when it moved. We chose
 * this over LISTEN/NOTIFY because it needs no dedicated long-lived connection (and works behind a
 * transaction-pooling proxy), cannot miss a notification during a reconnect, and bounds staleness to
 * the interval; the replica that publishes drops its own cache at once.
 * <p>
 * Entries carry the generation they were rendered in, so a render that raced with an invalidation is not
 * stored as current.
 */
@ApplicationScoped
public class RenderCache {

    private record Entry(long generation, Rendered value) {
    }

    /** Least recently used first; guarded by {@code this}. Search queries and unknown slugs are open-ended keys. */
    private final Map<String, Entry> entries;
    private final ContentReader reader;
    private final Clock clock;
    private final ContentConfig config;
    private final Counter hits;
    private final Counter misses;
    private final Counter invalidations;
    private long generation;
    private long knownRevision = Long.MIN_VALUE;
    private volatile long checkedAtMillis = Long.MIN_VALUE;

    public RenderCache(ContentReader reader, Clock clock, ContentConfig config, MeterRegistry registry) {
        this.reader = reader;
        this.clock = clock;
        this.config = config;
        int max = config.cache().maxEntries();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > max;
            }
        };
        this.hits = Counter.builder("clinic_content_render_cache_requests").tag("result", "hit")
                .description("Public reads answered from pre-rendered bytes").register(registry);
        this.misses = Counter.builder("clinic_content_render_cache_requests").tag("result", "miss")
                .description("Public reads that had to query the database").register(registry);
        this.invalidations = Counter.builder("clinic_content_render_cache_invalidations")
                .description("Times the rendered responses were dropped after a publish").register(registry);
    }

    public Rendered get(String key, Supplier<Rendered> render) {
        long gen = refresh();
        Entry e;
        synchronized (this) {
            e = entries.get(key);
        }
        if (e != null && e.generation() == gen) {
            hits.increment();
            return e.value();
        }
        misses.increment();
        Rendered value = render.get();
        synchronized (this) {
            if (generation == gen) {
                entries.put(key, new Entry(gen, value));
            }
        }
        return value;
    }

    /** After a publish on this replica: drop everything now and re-read the revision on the next request. */
    public synchronized void invalidate() {
        dropAll();
        checkedAtMillis = Long.MIN_VALUE;
    }

    private long refresh() {
        long now = clock.millis();
        long checked = checkedAtMillis;
        if (checked != Long.MIN_VALUE && now - checked < config.cache().revisionCheckInterval().toMillis()) {
            synchronized (this) {
                return generation;
            }
        }
        long revision = reader.revision();
        synchronized (this) {
            if (revision != knownRevision) {
                knownRevision = revision;
                dropAll();
            }
            checkedAtMillis = now;
            return generation;
        }
    }

    private void dropAll() {
        generation++;
        entries.clear();
        invalidations.increment();
    }
}
