package hk.clinic.content.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.content.domain.AftercarePlanSource;
import hk.clinic.content.domain.AftercareRuleSource;
import hk.clinic.content.domain.AftercareRules;
import hk.clinic.content.domain.FieldError;
import hk.clinic.content.domain.GuideContent;
import hk.clinic.content.domain.GuideValidator;
import hk.clinic.content.domain.Locales;
import hk.clinic.content.domain.TreatmentCodes;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads the versioned content files (src/main/resources/content) into the schema: aftercare rules, plans,
 * and each guide locale, published as a new version when it differs from what is published. Each content
 * release is its own migration version (a one-line subclass), so the database records which content it holds
 * and an edited file never reaches a database silently.
 */
public abstract class ContentFilesMigration extends BaseJavaMigration {

    private static final String ROOT = "content/";
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Guide slugs this content release contains. */
    protected abstract List<String> guideSlugs();

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        GuideWriter writer = new GuideWriter(c, json);
        String by = "migration:" + getVersion();
        // Flyway runs before CDI exists, so there is no Clock bean to ask; the load time is only a record.
        Instant now = Instant.now();

        List<AftercareRuleSource> rules = read("aftercare-rules.json", new TypeReference<List<AftercareRuleSource>>() {
        }).orElseThrow(() -> new IllegalStateException("content/aftercare-rules.json missing"));
        int pos = 0;
        for (AftercareRuleSource r : rules) {
            writer.upsertRule(r, pos++);
        }
        AftercareRules known = writer.rules();

        for (String code : TreatmentCodes.ALL) {
            Optional<AftercarePlanSource> plan = read("aftercare-plans/" + code + ".json", new TypeReference<AftercarePlanSource>() {
            });
            if (plan.isPresent()) {
                writer.replacePlan(plan.get());
            }
        }

        for (String slug : guideSlugs()) {
            for (String locale : Locales.SUPPORTED) {
                Optional<GuideContent> file = read("guides/" + slug + "/" + locale + ".json", new TypeReference<GuideContent>() {
                });
                if (file.isEmpty()) {
                    continue;
                }
                List<FieldError> errors = GuideValidator.validate(file.get(), known.textById().keySet());
                if (!errors.isEmpty()) {
                    throw new IllegalStateException("content/guides/" + slug + "/" + locale + ".json is invalid: " + errors);
                }
                UUID id = writer.ensureGuide(slug, now);
                if (!writer.publishedDocument(id, locale).equals(file)) {
                    writer.publish(id, locale, file.get(), known, by, now);
                }
            }
        }
        // Rule texts may have changed under already published guides.
        writer.reindexPublished(known);
        writer.bumpRevision();
    }

    private <T> Optional<T> read(String path, TypeReference<T> type) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + path)) {
            InputStream stream = in != null ? in : ContentFilesMigration.class.getClassLoader().getResourceAsStream(ROOT + path);
            if (stream == null) {
                return Optional.empty();
            }
            try (stream) {
                return Optional.of(json.readValue(stream, type));
            }
        }
    }
}
