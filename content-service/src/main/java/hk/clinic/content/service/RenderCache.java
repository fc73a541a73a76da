package hk.clinic.content.service;

import hk.clinic.content.config.ContentConfig;
import hk.clinic.content.repository.ContentReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Pre-rendered public responses keyed by (resource, locale, ...). Invalidation across replicas: every
 * publish bumps {@code content_revision} in its own transaction; a replica re-reads that one row at most
 * once per {@code clinic.content.cache.revision-check-interval} and drops everything when it moved. We chose
 * this over LISTEN/NOTIFY because it needs no dedicated long-lived connection (and works behind a
 * transaction-pooling proxy), cannot miss a notification during a reconnect, and bounds staleness to
 * the interval; the replica that publishes drops its own cache at once.
 * <p>
 * Two ways in. {@link #current(String)} never blocks: it answers from memory while the last revision check is
 * less than the interval old, so the HTTP layer can serve a hit on the event loop. {@link #get(String, Supplier)}
 * may block (on a worker thread): it runs the revision check when it is due, then renders on a miss. When the
 * check is due, {@code current} answers {@code null} and the request takes the blocking way, so a replica never
 * serves renderings older than the interval, and while the database is unreachable reads fail as they always did
 * (503) instead of serving stale pages. Concurrent requests that find the check due share one read of the row.
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
    private final long intervalNanos;
    private final Counter hits;
    private final Counter misses;
    private final Counter invalidations;
    /** The revision check running now, if any: requests that find the check due wait for this one. */
    private final AtomicReference<CompletableFuture<Long>> checking = new AtomicReference<>();
    private long generation;
    private long knownRevision = Long.MIN_VALUE;
    /** {@link System#nanoTime()} at the start of the last revision check that succeeded; guarded by {@code this}. */
    private long checkedAtNanos;
    /** False until the first check and after {@link #invalidate()}: the next request re-reads the revision. */
    private boolean checked;

    public RenderCache(ContentReader reader, ContentConfig config, MeterRegistry registry) {
        this.reader = reader;
        this.intervalNanos = config.cache().revisionCheckInterval().toNanos();
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

    /**
     * The current rendering of {@code key} (counted as a hit), or {@code null} when there is none or the revision
     * check is due: then call {@link #get(String, Supplier)} on a worker thread. Never blocks on I/O.
     */
    public Rendered current(String key) {
        long now = System.nanoTime();
        Entry e;
        long gen;
        synchronized (this) {
            if (!trusted(now)) {
                return null;
            }
            e = entries.get(key);
            gen = generation;
        }
        if (e != null && e.generation() == gen) {
            hits.increment();
            return e.value();
        }
        return null;
    }

    /**
     * The rendering of {@code key} for a request on the event loop: completed at once, on the caller's thread, when
     * it is current ({@link #current}, never blocking); otherwise {@link #get} renders it on a worker thread, since
     * that reads the database.
     */
    public CompletionStage<Rendered> lookup(String key, Supplier<Rendered> render) {
        Rendered now = current(key);
        return now != null ? CompletableFuture.completedFuture(now)
                : CompletableFuture.supplyAsync(() -> get(key, render), Infrastructure.getDefaultWorkerPool());
    }

    /** The rendering of {@code key}, rendered now on a miss. Blocking: runs the revision check when it is due. */
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
        checked = false;
    }

    /** Guarded by {@code this}. */
    private boolean trusted(long now) {
        return checked && now - checkedAtNanos < intervalNanos;
    }

    /** The current generation, after reading the revision row if the last check is older than the interval. */
    private long refresh() {
        synchronized (this) {
            if (trusted(System.nanoTime())) {
                return generation;
            }
        }
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = checking.compareAndExchange(null, mine);
        if (running != null) {
            // Another request is reading the row: share its answer (or its failure) instead of queueing more reads.
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            long gen;
            synchronized (this) {
                // A check may have finished between our first look and taking the slot.
                gen = trusted(System.nanoTime()) ? generation : -1;
            }
            if (gen < 0) {
                gen = check();
            }
            mine.complete(gen);
            return gen;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.set(null);
        }
    }

    private long check() {
        long startedAt = System.nanoTime();
        long revision = reader.revision();
        synchronized (this) {
            if (revision != knownRevision) {
                knownRevision = revision;
                dropAll();
            }
            checkedAtNanos = startedAt;
            checked = true;
            return generation;
        }
    }

    private void dropAll() {
        generation++;
        entries.clear();
        invalidations.increment();
    }
}
