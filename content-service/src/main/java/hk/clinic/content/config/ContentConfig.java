package hk.clinic.content.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "clinic.content")
public interface ContentConfig {

    Cache cache();

    Search search();

    interface Cache {
        /**
         * How long a replica trusts its rendered pages before asking the database whether anything was
         * published elsewhere (one tiny indexed read per interval, not per request).
         */
        @WithDefault("2s")
        Duration revisionCheckInterval();

        /** Upper bound of rendered responses kept (search queries are the open-ended part). */
        @WithDefault("5000")
        int maxEntries();

        /** Cache-Control of public reads: CDNs may keep a page 5 minutes and serve it stale while refetching. */
        @WithDefault("public, max-age=300, stale-while-revalidate=60, stale-if-error=86400")
        String publicCacheControl();
    }

    interface Search {
        @WithDefault("200")
        int maxQueryLength();
    }
}
