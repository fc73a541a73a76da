package hk.clinic.content.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.content.domain.AftercareRules;
import hk.clinic.content.domain.GuideContent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read queries of the content schema (plain SQL: jsonb documents and tsvector ranking are PostgreSQL's). */
@ApplicationScoped
public class ContentReader {

    private final AgroalDataSource db;
    private final ObjectMapper json;

    public ContentReader(AgroalDataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public record Publication(String slug, String locale, UUID versionId, int version, String reviewStatus, String title,
                              String author, String publishedOn, String summary, Instant publishedAt) {
    }

    public record PublishedGuide(String slug, String locale, int version, String reviewStatus, Instant publishedAt,
                                 GuideContent content) {
    }

    public record Hit(String slug, String guideTitle, String kind, String anchor, String heading, String body,
                      String snippet, double rank, long total) {
    }

    public record PlanRow(String treatmentCode, int version, String guideSlug, Map<String, String> treatmentName,
                          List<Map<String, String>> guideRefs) {
    }

    public record StepRow(String treatmentCode, String key, String offset, Map<String, String> title,
                          Map<String, String> body, List<String> rules) {
    }

    public record VersionRow(String locale, int version, String reviewStatus, String title, Instant publishedAt,
                             String publishedBy, boolean current) {
    }

    public record DraftRow(String slug, String locale, Instant updatedAt, String updatedBy, GuideContent content) {
    }

    public long revision() {
        return query("SELECT revision FROM content_revision", ps -> {
        }, rs -> rs.getLong(1)).get(0);
    }

    /** Every published guide locale, ordered by slug, for summaries. */
    public List<Publication> publications() {
        return query("""
                SELECT g.slug, p.locale, v.id, v.version, v.review_status, v.title, v.document ->> 'author',
                       v.document ->> 'publishedOn', v.document ->> 'summary', v.published_at
                FROM guide_publication p JOIN guide g ON g.id = p.guide_id JOIN guide_version v ON v.id = p.version_id
                ORDER BY g.slug, p.locale""", ps -> {
        }, rs -> new Publication(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getInt(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getTimestamp(10).toInstant()));
    }

    public Optional<PublishedGuide> published(String slug, String locale) {
        return query("""
                SELECT v.version, v.review_status, v.published_at, v.document::text
                FROM guide_publication p JOIN guide g ON g.id = p.guide_id JOIN guide_version v ON v.id = p.version_id
                WHERE g.slug = ? AND p.locale = ?""", ps -> {
            ps.setString(1, slug);
            ps.setString(2, locale);
        }, rs -> new PublishedGuide(slug, locale, rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                read(rs.getString(4), new TypeReference<GuideContent>() {
                }))).stream().findFirst();
    }

    public List<String> publishedLocales(String slug) {
        return query("""
                SELECT p.locale FROM guide_publication p JOIN guide g ON g.id = p.guide_id WHERE g.slug = ? ORDER BY p.locale""",
                ps -> ps.setString(1, slug), rs -> rs.getString(1));
    }

    public boolean guideExists(String slug) {
        return !query("SELECT 1 FROM guide WHERE slug = ?", ps -> ps.setString(1, slug), rs -> 1).isEmpty();
    }

    public List<Hit> searchEnglish(String q, String locale, int limit, int offset) {
        return search("websearch_to_tsquery('english', ?)",
                "ts_headline('english', m.body, m.query, "
                        + "'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=1, FragmentDelimiter=\" … \"')",
                q, locale, limit, offset);
    }

    /** @param tsquery a tsquery literal of bigram lexemes (see SearchTokens); snippets are cut by the caller */
    public List<Hit> searchBigrams(String tsquery, String locale, int limit, int offset) {
        return search("?::tsquery", "NULL", tsquery, locale, limit, offset);
    }

    /**
     * Ranked hits of one page, each row also carrying the total; a page past the end still yields one row
     * (with a null slug) so the total is known.
     */
    private List<Hit> search(String queryExpression, String snippetExpression, String query, String locale, int limit,
                             int offset) {
        return query("""
                WITH m AS (
                    SELECT g.slug, v.title, e.kind, e.anchor, e.heading, e.body, e.position, q.query,
                           ts_rank_cd(e.document, q.query) AS rank
                    FROM (SELECT %s AS query) q, search_entry e
                    JOIN guide_publication p ON p.version_id = e.version_id
                    JOIN guide g ON g.id = e.guide_id
                    JOIN guide_version v ON v.id = e.version_id
                    WHERE e.locale = ? AND e.document @@ q.query),
                t AS (SELECT count(*) AS total FROM m)
                SELECT h.slug, h.title, h.kind, h.anchor, h.heading, h.body, %s, h.rank, t.total
                FROM t LEFT JOIN LATERAL (SELECT * FROM m ORDER BY m.rank DESC, m.slug, m.position LIMIT ? OFFSET ?) h ON true
                ORDER BY h.rank DESC, h.slug, h.position""".formatted(queryExpression, snippetExpression.replace("m.", "h.")), ps -> {
            ps.setString(1, query);
            ps.setString(2, locale);
            ps.setInt(3, limit);
            ps.setInt(4, offset);
        }, ContentReader::hit);
    }

    private static Hit hit(ResultSet rs) throws SQLException {
        return new Hit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getLong(9));
    }

    public AftercareRules rules() {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        query("SELECT id, text::text FROM aftercare_rule ORDER BY position", ps -> {
        }, rs -> byId.put(rs.getString(1), read(rs.getString(2), new TypeReference<Map<String, String>>() {
        })));
        return new AftercareRules(byId);
    }

    public List<PlanRow> plans() {
        return query("SELECT treatment_code, version, guide_slug, treatment_name::text, guide_refs::text FROM aftercare_plan ORDER BY treatment_code",
                ps -> {
                }, this::plan);
    }

    public Optional<PlanRow> plan(String code) {
        return query("SELECT treatment_code, version, guide_slug, treatment_name::text, guide_refs::text FROM aftercare_plan WHERE treatment_code = ?",
                ps -> ps.setString(1, code), this::plan).stream().findFirst();
    }

    private PlanRow plan(ResultSet rs) throws SQLException {
        return new PlanRow(rs.getString(1), rs.getInt(2), rs.getString(3),
                read(rs.getString(4), new TypeReference<>() {
                }), read(rs.getString(5), new TypeReference<>() {
        }));
    }

    public List<StepRow> steps(String code) {
        return query("""
                SELECT s.treatment_code, s.step_key, s.iso_offset, s.title::text, s.body::text,
                       coalesce((SELECT array_agg(r.rule_id ORDER BY r.position) FROM aftercare_plan_step_rule r
                                 WHERE r.treatment_code = s.treatment_code AND r.step_key = s.step_key), '{}')
                FROM aftercare_plan_step s WHERE s.treatment_code = ? ORDER BY s.position""",
                ps -> ps.setString(1, code), rs -> new StepRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        read(rs.getString(4), new TypeReference<>() {
                        }), read(rs.getString(5), new TypeReference<>() {
                }), List.of((String[]) rs.getArray(6).getArray())));
    }

    public List<VersionRow> versions(String slug) {
        return query("""
                SELECT v.locale, v.version, v.review_status, v.title, v.published_at, v.published_by,
                       EXISTS (SELECT 1 FROM guide_publication p WHERE p.version_id = v.id)
                FROM guide_version v JOIN guide g ON g.id = v.guide_id WHERE g.slug = ?
                ORDER BY v.locale, v.version DESC""", ps -> ps.setString(1, slug),
                rs -> new VersionRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getBoolean(7)));
    }

    public Optional<DraftRow> draft(String slug, String locale) {
        return query("""
                SELECT d.updated_at, d.updated_by, d.document::text FROM guide_draft d JOIN guide g ON g.id = d.guide_id
                WHERE g.slug = ? AND d.locale = ?""", ps -> {
            ps.setString(1, slug);
            ps.setString(2, locale);
        }, rs -> new DraftRow(slug, locale, rs.getTimestamp(1).toInstant(), rs.getString(2),
                read(rs.getString(3), new TypeReference<GuideContent>() {
                }))).stream().findFirst();
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("content query failed", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
