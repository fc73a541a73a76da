package hk.clinic.content.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.content.domain.AftercareRules;
import hk.clinic.content.domain.FaqEntry;
import hk.clinic.content.domain.GuideContent;
import hk.clinic.content.domain.Locales;
import hk.clinic.content.domain.SearchTokens;
import hk.clinic.content.repository.ContentReader;
import hk.clinic.content.repository.ContentReader.PublishedGuide;
import hk.clinic.content.rest.AftercarePlanResponse;
import hk.clinic.content.rest.AftercarePlanSummary;
import hk.clinic.content.rest.FaqResponse;
import hk.clinic.content.rest.GuideResponse;
import hk.clinic.content.rest.GuideSummary;
import hk.clinic.content.rest.GuideSummaryPage;
import hk.clinic.content.rest.SearchHit;
import hk.clinic.content.rest.SearchResultPage;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.TreeMap;

/** Renders the public read models to bytes, through the render cache. Only published content is visible. */
@ApplicationScoped
public class PublicContent {

    public static final String JSON = "application/json";
    public static final String JSON_LD = "application/ld+json";

    private final ContentReader reader;
    private final RenderCache cache;
    private final ObjectMapper json;

    public PublicContent(ContentReader reader, RenderCache cache, ObjectMapper json) {
        this.reader = reader;
        this.cache = cache;
        this.json = json;
    }

    public CompletionStage<Rendered> guide(String slug, String wanted) {
        return cache.lookup("guide|" + slug + "|" + wanted, () -> published(slug, wanted)
                .map(g -> render(toResponse(g, reader.rules()), JSON, g.locale()))
                .orElse(Rendered.MISSING));
    }

    public CompletionStage<Rendered> faq(String slug, String wanted) {
        return cache.lookup("faq|" + slug + "|" + wanted, () -> published(slug, wanted)
                .map(g -> render(new FaqResponse(slug, g.locale(), g.reviewStatus(), g.content().faqHeading(),
                        faqOf(g)), JSON, g.locale()))
                .orElse(Rendered.MISSING));
    }

    /** The FAQ as schema.org FAQPage JSON-LD, for search engines and rich results. */
    public CompletionStage<Rendered> faqJsonLd(String slug, String wanted) {
        return cache.lookup("faq-ld|" + slug + "|" + wanted, () -> published(slug, wanted).map(g -> {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("@context", "https://schema.org");
            page.put("@type", "FAQPage");
            page.put("name", g.content().title());
            page.put("inLanguage", g.locale());
            page.put("mainEntity", faqOf(g).stream().map(f -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("@type", "Answer");
                answer.put("text", f.answer());
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("@type", "Question");
                q.put("@id", "#" + f.id());
                q.put("name", f.question());
                q.put("acceptedAnswer", answer);
                return q;
            }).toList());
            return render(page, JSON_LD, g.locale());
        }).orElse(Rendered.MISSING));
    }

    public CompletionStage<Rendered> guides(String wanted, int page, int size) {
        return cache.lookup("guides|" + wanted + "|" + page + "|" + size, () -> {
            Map<String, Map<String, ContentReader.Publication>> bySlug = new TreeMap<>();
            for (ContentReader.Publication p : reader.publications()) {
                bySlug.computeIfAbsent(p.slug(), s -> new LinkedHashMap<>()).put(p.locale(), p);
            }
            List<GuideSummary> all = new ArrayList<>();
            for (Map<String, ContentReader.Publication> locales : bySlug.values()) {
                Locales.fallbackChain(wanted).stream().map(locales::get).filter(p -> p != null).findFirst()
                        .or(() -> locales.values().stream().findFirst())
                        .ifPresent(p -> all.add(new GuideSummary(p.slug(), p.locale(), p.reviewStatus(), p.version(),
                                p.title(), p.author(), p.publishedOn(), p.summary(), at(p.publishedAt()),
                                List.copyOf(locales.keySet()))));
            }
            List<GuideSummary> items = all.stream().skip((long) page * size).limit(size).toList();
            return render(new GuideSummaryPage(items, page, size, all.size()), JSON, wanted);
        });
    }

    public CompletionStage<Rendered> search(String q, String locale, int page, int size) {
        return cache.lookup("search|" + locale + "|" + page + "|" + size + "|" + q, () -> {
            List<ContentReader.Hit> hits;
            if (Locales.ZH_HK.equals(locale)) {
                String tsquery = SearchTokens.tsquery(q);
                hits = tsquery.isEmpty() ? List.of() : reader.searchBigrams(tsquery, locale, size, page * size);
            } else {
                hits = reader.searchEnglish(q, locale, size, page * size);
            }
            long total = hits.isEmpty() ? 0 : hits.get(0).total();
            List<SearchHit> items = hits.stream().filter(h -> h.slug() != null).map(h -> new SearchHit(h.slug(), h.guideTitle(), h.kind(), h.anchor(),
                    h.heading(), h.snippet() != null ? h.snippet() : Snippets.around(h.body(), h.heading(), q),
                    Math.round(h.rank() * 10000) / 10000.0)).toList();
            return render(new SearchResultPage(q, locale, items, page, size, total), JSON, locale);
        });
    }

    public CompletionStage<Rendered> plans(int page, int size) {
        return cache.lookup("plans|" + page + "|" + size, () -> {
            List<AftercarePlanSummary> all = reader.plans().stream().map(p -> new AftercarePlanSummary(
                    p.treatmentCode(), p.version(), p.guideSlug(), p.treatmentName())).toList();
            List<AftercarePlanSummary> items = all.stream().skip((long) page * size).limit(size).toList();
            return render(new AftercarePlanSummary.Page(items, page, size, all.size()), JSON, null);
        });
    }

    public CompletionStage<Rendered> plan(String code) {
        return cache.lookup("plan|" + code, () -> reader.plan(code).map(p -> {
            AftercareRules rules = reader.rules();
            List<AftercarePlanResponse.Step> steps = reader.steps(code).stream().map(s -> new AftercarePlanResponse.Step(
                    s.key(), s.offset(), s.title(), s.body(),
                    s.rules().stream().map(id -> new AftercarePlanResponse.Rule(id, rules.textById().get(id))).toList()))
                    .toList();
            return render(new AftercarePlanResponse(p.treatmentCode(), p.version(), p.guideSlug(), p.treatmentName(),
                    p.guideRefs(), steps), JSON, null);
        }).orElse(Rendered.MISSING));
    }

    private Optional<PublishedGuide> published(String slug, String wanted) {
        for (String locale : Locales.fallbackChain(wanted)) {
            Optional<PublishedGuide> g = reader.published(slug, locale);
            if (g.isPresent()) {
                return g;
            }
        }
        return Optional.empty();
    }

    private GuideResponse toResponse(PublishedGuide g, AftercareRules rules) {
        GuideContent c = rules.resolve(g.content(), g.locale());
        return new GuideResponse(g.slug(), g.locale(), g.reviewStatus(), g.version(), at(g.publishedAt()),
                reader.publishedLocales(g.slug()), c.title(), c.author(), c.publishedOn(), c.summary(), c.intro(),
                c.sections(), c.faqHeading(), c.faq() == null ? List.of() : c.faq(), c.brand());
    }

    private static List<FaqEntry> faqOf(PublishedGuide g) {
        return g.content().faq() == null ? List.of() : g.content().faq();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private Rendered render(Object body, String mediaType, String locale) {
        try {
            return Rendered.of(json.writeValueAsBytes(body), mediaType, locale);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
