package hk.clinic.content.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.content.domain.AftercareRules;
import hk.clinic.content.domain.FieldError;
import hk.clinic.content.domain.GuideContent;
import hk.clinic.content.domain.GuideValidator;
import hk.clinic.content.domain.Locales;
import hk.clinic.content.domain.Skeleton;
import hk.clinic.content.repository.ContentReader;
import hk.clinic.content.repository.GuideWriter;
import hk.clinic.content.rest.ProblemException;
import hk.clinic.content.rest.StaffViews;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Staff use cases: drafts per locale, publishing them as immutable versions. */
@ApplicationScoped
public class StaffGuides {

    private final AgroalDataSource db;
    private final ContentReader reader;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;

    public StaffGuides(AgroalDataSource db, ContentReader reader, ObjectMapper json, Clock clock, MeterRegistry metrics) {
        this.db = db;
        this.reader = reader;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** @return true when the draft was created */
    @Transactional
    public boolean saveDraft(String slug, String locale, GuideContent content, String by) {
        requireSlug(slug);
        AftercareRules rules = reader.rules();
        List<FieldError> errors = GuideValidator.validate(content, rules.textById().keySet());
        if (!errors.isEmpty()) {
            throw ProblemException.validation("The guide draft has " + errors.size() + " invalid field(s)", errors);
        }
        try (Connection c = db.getConnection()) {
            GuideWriter w = new GuideWriter(c, json);
            Instant now = clock.instant();
            UUID id = w.ensureGuide(slug, now);
            if (!Locales.EN.equals(locale)) {
                // A translation follows the published source: same anchors, blocks, rules and CTAs.
                Optional<GuideContent> source = w.publishedDocument(id, Locales.EN);
                List<FieldError> drift = source.map(src -> Skeleton.differences(src, content)).orElse(List.of());
                if (!drift.isEmpty()) {
                    throw ProblemException.validation("The " + locale + " draft does not line up with the published en guide",
                            drift);
                }
            }
            return w.saveDraft(id, locale, content, by, now);
        } catch (SQLException e) {
            throw new IllegalStateException("saving the draft failed", e);
        }
    }

    public StaffViews.Draft draft(String slug, String locale) {
        return reader.draft(slug, locale)
                .map(d -> new StaffViews.Draft(slug, locale, d.updatedAt().atOffset(ZoneOffset.UTC), d.updatedBy(), d.content()))
                .orElseThrow(() -> ProblemException.notFound("No " + locale + " draft of guide " + slug));
    }

    @Transactional
    public StaffViews.Published publish(String slug, String locale, String by) {
        try (Connection c = db.getConnection()) {
            GuideWriter w = new GuideWriter(c, json);
            UUID id = w.guideId(slug).orElseThrow(() -> ProblemException.notFound("No guide " + slug));
            GuideContent draft = w.draft(id, locale)
                    .orElseThrow(() -> ProblemException.notFound("No " + locale + " draft of guide " + slug + " to publish"));
            AftercareRules rules = w.rules();
            // Rules can change between saving and publishing: never publish a reference that no longer resolves.
            List<FieldError> errors = GuideValidator.validate(draft, rules.textById().keySet());
            if (!errors.isEmpty()) {
                throw new ProblemException(409, "draft-no-longer-valid", "Draft no longer valid",
                        "The draft refers to content that changed since it was saved", errors);
            }
            GuideWriter.Published p = w.publish(id, locale, draft, rules, by, clock.instant());
            metrics.counter("clinic_content_guides_published", "locale", locale).increment();
            return new StaffViews.Published(slug, locale, p.version(), draft.reviewStatus(),
                    p.publishedAt().atOffset(ZoneOffset.UTC), by);
        } catch (SQLException e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    public StaffViews.VersionPage versions(String slug, int page, int size) {
        if (!reader.guideExists(slug)) {
            throw ProblemException.notFound("No guide " + slug);
        }
        List<StaffViews.Version> all = reader.versions(slug).stream().map(v -> new StaffViews.Version(v.locale(),
                v.version(), v.reviewStatus(), v.title(), v.publishedAt().atOffset(ZoneOffset.UTC), v.publishedBy(),
                v.current())).toList();
        return new StaffViews.VersionPage(all.stream().skip((long) page * size).limit(size).toList(), page, size, all.size());
    }

    private static void requireSlug(String slug) {
        if (!GuideValidator.KEBAB.matcher(slug).matches() || slug.length() > 120) {
            throw ProblemException.validation("Invalid slug",
                    List.of(new FieldError("slug", "must be kebab-case, at most 120 characters")));
        }
    }
}
