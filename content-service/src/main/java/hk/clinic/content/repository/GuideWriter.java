package hk.clinic.content.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.content.domain.AftercarePlanSource;
import hk.clinic.content.domain.AftercareRuleSource;
import hk.clinic.content.domain.AftercareRules;
import hk.clinic.content.domain.FaqEntry;
import hk.clinic.content.domain.GuideContent;
import hk.clinic.content.domain.Locales;
import hk.clinic.content.domain.SearchTokens;
import hk.clinic.content.domain.SearchUnit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every write to the content schema, on a plain JDBC connection: the Flyway Java migration that loads the
 * content files and the staff API publish through the same code, so a migrated guide and a staff-published
 * one are stored (versions, FAQ rows, search entries, revision) exactly alike.
 */
public final class GuideWriter {

    private final Connection c;
    private final ObjectMapper json;

    public GuideWriter(Connection connection, ObjectMapper json) {
        this.c = connection;
        this.json = json;
    }

    public record Published(UUID versionId, int version, Instant publishedAt) {
    }

    public Optional<UUID> guideId(String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM guide WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    public UUID ensureGuide(String slug, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO guide (id, slug, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, slug);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
        return guideId(slug).orElseThrow();
    }

    /** @return true when the draft was created, false when an existing one was replaced */
    public boolean saveDraft(UUID guideId, String locale, GuideContent content, String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO guide_draft (guide_id, locale, review_status, document, updated_at, updated_by)
                VALUES (?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (guide_id, locale) DO UPDATE SET review_status = excluded.review_status,
                    document = excluded.document, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                RETURNING (xmax = 0)""")) {
            ps.setObject(1, guideId);
            ps.setString(2, locale);
            ps.setString(3, content.reviewStatus());
            ps.setString(4, write(content));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, by);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public Optional<GuideContent> draft(UUID guideId, String locale) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT document FROM guide_draft WHERE guide_id = ? AND locale = ?")) {
            ps.setObject(1, guideId);
            ps.setString(2, locale);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public Optional<GuideContent> publishedDocument(UUID guideId, String locale) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT v.document FROM guide_publication p JOIN guide_version v ON v.id = p.version_id
                WHERE p.guide_id = ? AND p.locale = ?""")) {
            ps.setObject(1, guideId);
            ps.setString(2, locale);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Appends the next version, makes it the public one, and rebuilds its FAQ rows and search entries. */
    public Published publish(UUID guideId, String locale, GuideContent content, AftercareRules rules, String by, Instant now)
            throws SQLException {
        // Serializes concurrent publishes of one guide so version numbers stay gap-free and unique.
        try (PreparedStatement lock = c.prepareStatement("SELECT id FROM guide WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, guideId);
            lock.executeQuery().close();
        }
        int next;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(version), 0) + 1 FROM guide_version WHERE guide_id = ? AND locale = ?")) {
            ps.setObject(1, guideId);
            ps.setString(2, locale);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
        }
        UUID versionId = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO guide_version (id, guide_id, locale, version, review_status, title, document, published_at, published_by)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")) {
            ps.setObject(1, versionId);
            ps.setObject(2, guideId);
            ps.setString(3, locale);
            ps.setInt(4, next);
            ps.setString(5, content.reviewStatus());
            ps.setString(6, content.title());
            ps.setString(7, write(content));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setString(9, by);
            ps.executeUpdate();
        }
        UUID previous = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version_id FROM guide_publication WHERE guide_id = ? AND locale = ?")) {
            ps.setObject(1, guideId);
            ps.setString(2, locale);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    previous = rs.getObject(1, UUID.class);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO guide_publication (guide_id, locale, version_id) VALUES (?, ?, ?)
                ON CONFLICT (guide_id, locale) DO UPDATE SET version_id = excluded.version_id""")) {
            ps.setObject(1, guideId);
            ps.setString(2, locale);
            ps.setObject(3, versionId);
            ps.executeUpdate();
        }
        if (previous != null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM search_entry WHERE version_id = ?")) {
                ps.setObject(1, previous);
                ps.executeUpdate();
            }
        }
        if (content.faq() != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO guide_faq (version_id, position, faq_id, question, answer) VALUES (?, ?, ?, ?, ?)")) {
                int pos = 0;
                for (FaqEntry f : content.faq()) {
                    ps.setObject(1, versionId);
                    ps.setInt(2, pos++);
                    ps.setString(3, f.id());
                    ps.setString(4, f.question());
                    ps.setString(5, f.answer());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        index(versionId, guideId, locale, rules.resolve(content, locale));
        bumpRevision();
        return new Published(versionId, next, now);
    }

    /** Rebuilds the search entries of every published version, e.g. after an aftercare rule's text changed. */
    public void reindexPublished(AftercareRules rules) throws SQLException {
        record Pub(UUID versionId, UUID guideId, String locale, String document) {
        }
        List<Pub> pubs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.version_id, p.guide_id, p.locale, v.document::text
                FROM guide_publication p JOIN guide_version v ON v.id = p.version_id""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pubs.add(new Pub(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM search_entry")) {
            ps.executeUpdate();
        }
        for (Pub p : pubs) {
            index(p.versionId(), p.guideId(), p.locale(), rules.resolve(read(p.document()), p.locale()));
        }
    }

    private void index(UUID versionId, UUID guideId, String locale, GuideContent resolved) throws SQLException {
        boolean english = !Locales.ZH_HK.equals(locale);
        String vector = english
                ? "setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B')"
                : "?::tsvector";
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO search_entry (version_id, position, guide_id, locale, kind, anchor, heading, body, document) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, " + vector + ")")) {
            int pos = 0;
            for (SearchUnit u : SearchUnit.of(resolved)) {
                ps.setObject(1, versionId);
                ps.setInt(2, pos++);
                ps.setObject(3, guideId);
                ps.setString(4, locale);
                ps.setString(5, u.kind());
                ps.setString(6, u.anchor());
                ps.setString(7, u.heading());
                ps.setString(8, u.body());
                if (english) {
                    ps.setString(9, u.heading());
                    ps.setString(10, u.body());
                } else {
                    ps.setString(9, SearchTokens.tsvector(u.heading(), u.body()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void bumpRevision() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE content_revision SET revision = revision + 1")) {
            ps.executeUpdate();
        }
    }

    public AftercareRules rules() throws SQLException {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, text::text FROM aftercare_rule ORDER BY position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byId.put(rs.getString(1), readMap(rs.getString(2)));
            }
        }
        return new AftercareRules(byId);
    }

    public void upsertRule(AftercareRuleSource rule, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO aftercare_rule (id, position, text) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET position = excluded.position, text = excluded.text""")) {
            ps.setString(1, rule.id());
            ps.setInt(2, position);
            ps.setString(3, write(rule.text()));
            ps.executeUpdate();
        }
    }

    public void replacePlan(AftercarePlanSource plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM aftercare_plan WHERE treatment_code = ?")) {
            ps.setString(1, plan.treatmentCode());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO aftercare_plan (treatment_code, version, guide_slug, treatment_name, guide_refs)
                VALUES (?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            ps.setString(1, plan.treatmentCode());
            ps.setInt(2, plan.version());
            ps.setString(3, plan.guideSlug());
            ps.setString(4, write(plan.treatmentName()));
            ps.setString(5, write(plan.guideRefs() == null ? List.of() : plan.guideRefs()));
            ps.executeUpdate();
        }
        int pos = 0;
        for (AftercarePlanSource.Step s : plan.steps()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO aftercare_plan_step (treatment_code, position, step_key, step_offset, iso_offset, title, body)
                    VALUES (?, ?, ?, ?::interval, ?, ?::jsonb, ?::jsonb)""")) {
                ps.setString(1, plan.treatmentCode());
                ps.setInt(2, pos++);
                ps.setString(3, s.key());
                ps.setString(4, s.offset());
                ps.setString(5, s.offset());
                ps.setString(6, write(s.title()));
                ps.setString(7, write(s.body()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO aftercare_plan_step_rule (treatment_code, step_key, position, rule_id) VALUES (?, ?, ?, ?)")) {
                int rp = 0;
                for (String rule : s.rules()) {
                    ps.setString(1, plan.treatmentCode());
                    ps.setString(2, s.key());
                    ps.setInt(3, rp++);
                    ps.setString(4, rule);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private GuideContent read(String document) {
        try {
            return json.readValue(document, GuideContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored guide document is not readable", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> readMap(String text) {
        try {
            return json.readValue(text, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
