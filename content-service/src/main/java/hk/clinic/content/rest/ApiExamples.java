package hk.clinic.content.rest;

/** Example payloads shown in the OpenAPI document. */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String GUIDE = """
            {"slug":"complete-milia-removal","locale":"en","reviewStatus":"source","version":1,
             "publishedAt":"2026-11-26T09:30:00Z","availableLocales":["en","zh-HK"],
             "title":"Complete Milia Removal","author":"Leila Tan","publishedOn":"2025-10-15",
             "summary":"Why you shouldn't pick at milia at home, ...",
             "intro":[{"type":"paragraph","text":"Complete milia removal shouldn't be attempted at home. ..."}],
             "sections":[{"number":2,"anchor":"self-extraction-risks","heading":"Why Is Self-Extraction of Milia Risky?",
               "blocks":[{"type":"paragraph","text":"Attempting to remove milia at home can lead to serious infections ..."}],
               "subsections":[{"anchor":"improper-tool-hazards","heading":"Improper Tool Hazards","blocks":[
                 {"type":"registrationCta","treatmentCode":"acne-treatment-trial","badge":"免費體驗","title":"Acne Treatment",
                  "subtitle":"1 Minute Self-Registration","dateRuleMessage":"Date should not be before minimal date",
                  "consentText":"I have read and agree to the Registration Terms and Conditions and Privacy Policy.",
                  "consentLinks":[{"label":"Registration Terms and Conditions","document":"registration-terms"},
                                  {"label":"Privacy Policy","document":"privacy-policy"}]}]}]},
              {"number":7,"anchor":"recovery-and-aftercare","heading":"Recovery Time and Aftercare Following Milia Removal",
               "blocks":[{"type":"paragraph","ruleRefs":["no-touch-48h"],
                 "text":"During this time, avoid touching the treated area for at least 48 hours to prevent infection."}],
               "subsections":[]}],
             "faqHeading":"FAQ",
             "faq":[{"id":"dietary-changes","question":"Can Dietary Changes Help Reduce the Occurrence of Milia?",
                     "answer":"Yes, dietary changes can help reduce milia. ..."}],
             "brand":{"name":"Perfect Medical","logoAlt":"Perfect Medical logo","social":["facebook","instagram","youtube","whatsapp"]}}""";

    static final String GUIDES = """
            {"items":[{"slug":"complete-milia-removal","locale":"zh-HK","reviewStatus":"machine-translated","version":1,
              "title":"全面清除脂肪粒","author":"Leila Tan","publishedOn":"2025-10-15","summary":"...",
              "publishedAt":"2026-11-26T09:30:00Z","availableLocales":["en","zh-HK"]}],"page":0,"size":20,"total":1}""";

    static final String FAQ = """
            {"slug":"complete-milia-removal","locale":"en","reviewStatus":"source","heading":"FAQ",
             "items":[{"id":"dietary-changes","question":"Can Dietary Changes Help Reduce the Occurrence of Milia?",
                       "answer":"Yes, dietary changes can help reduce milia. ..."}]}""";

    static final String FAQ_LD = """
            {"@context":"https://schema.org","@type":"FAQPage","name":"Complete Milia Removal","inLanguage":"en",
             "mainEntity":[{"@type":"Question","@id":"#dietary-changes","name":"Can Dietary Changes Help Reduce the Occurrence of Milia?",
                            "acceptedAnswer":{"@type":"Answer","text":"Yes, dietary changes can help reduce milia. ..."}}]}""";

    static final String SEARCH = """
            {"query":"retinoids","locale":"en","items":[{"guideSlug":"complete-milia-removal","guideTitle":"Complete Milia Removal",
              "kind":"section","anchor":"topical-treatments","heading":"Dermatologist-Recommended Topical Treatments",
              "snippet":"<mark>Retinoids</mark> like adapalene (Differin) work by accelerating old skin cells renewal","rank":0.5}],
             "page":0,"size":20,"total":1}""";

    static final String SEARCH_ZH = """
            {"query":"水楊酸","locale":"zh-HK","items":[{"guideSlug":"complete-milia-removal","guideTitle":"全面清除脂肪粒",
              "kind":"section","anchor":"topical-treatments","heading":"皮膚科醫生推薦的外用治療",
              "snippet":"…<mark>水楊酸</mark> | 每日或隔日使用 | 疏通毛孔","rank":0.1}],"page":0,"size":20,"total":1}""";

    static final String PLAN = """
            {"treatmentCode":"milia-laser-ablation","version":1,"guideSlug":"complete-milia-removal",
             "treatmentName":{"en":"Milia laser ablation","zh-HK":"激光消融脂肪粒"},
             "guideRefs":[{"anchor":"recovery-and-aftercare"}],
             "steps":[{"key":"immediate","offset":"PT0S","title":{"en":"Right after your treatment","zh-HK":"治療後即時護理"},
               "body":{"en":"Your laser treatment is done. ...","zh-HK":"激光療程已經完成。..."},
               "rules":[{"id":"no-touch-48h","text":{"en":"During this time, avoid touching the treated area for at least 48 hours to prevent infection.",
                                                   "zh-HK":"在此期間，請避免觸碰治療部位至少48小時，以防感染。"}}]}]}""";

    static final String PLANS = """
            {"items":[{"treatmentCode":"milia-laser-ablation","version":1,"guideSlug":"complete-milia-removal",
              "treatmentName":{"en":"Milia laser ablation","zh-HK":"激光消融脂肪粒"}}],"page":0,"size":20,"total":4}""";

    static final String DRAFT_REQUEST = """
            {"reviewStatus":"reviewed","title":"全面清除脂肪粒","author":"Leila Tan","publishedOn":"2025-10-15",
             "summary":"為何不應在家自行擠脂肪粒……","ruleJoiner":"",
             "intro":[{"type":"paragraph","text":"切勿在家嘗試自行徹底清除脂肪粒。"}],
             "sections":[{"number":1,"anchor":"understanding-milia","heading":"認識脂肪粒","blocks":[
               {"type":"table","header":["治療類型","建議用法","最適合"],"rows":[["A酸類","每週2至3次，再逐漸增加","預防及治療"]]},
               {"type":"registrationCta","treatmentCode":"acne-treatment-trial","badge":"免費體驗","title":"暗瘡治療",
                "subtitle":"1分鐘自助登記","dateRuleMessage":"日期不應早於最早可選日期",
                "consentText":"本人已閱讀並同意登記條款及細則及私隱政策。",
                "consentLinks":[{"label":"登記條款及細則","document":"registration-terms"},{"label":"私隱政策","document":"privacy-policy"}]}],
               "subsections":[]}],
             "faqHeading":"常見問題","faq":[{"id":"dietary-changes","question":"改變飲食能否減少脂肪粒？","answer":"可以。"}]}""";

    static final String DRAFT = """
            {"slug":"complete-milia-removal","locale":"zh-HK","updatedAt":"2026-11-26T10:00:00Z","updatedBy":"staff-42",
             "draft":""" + DRAFT_REQUEST + "}";

    static final String PUBLISHED = """
            {"slug":"complete-milia-removal","locale":"zh-HK","version":2,"reviewStatus":"reviewed",
             "publishedAt":"2026-11-26T10:05:00Z","publishedBy":"staff-42"}""";

    static final String VERSIONS = """
            {"items":[{"locale":"zh-HK","version":2,"reviewStatus":"reviewed","title":"全面清除脂肪粒",
                       "publishedAt":"2026-11-26T10:05:00Z","publishedBy":"staff-42","current":true},
                      {"locale":"zh-HK","version":1,"reviewStatus":"machine-translated","title":"全面清除脂肪粒",
                       "publishedAt":"2026-11-26T09:30:00Z","publishedBy":"migration:2","current":false}],
             "page":0,"size":20,"total":2}""";

    static final String NOT_FOUND_GUIDE = """
            {"type":"https://api.clinic.hk/problems/not-found","title":"Not found","status":404,
             "detail":"No published guide complete-milia-remova","instance":"/api/v1/guides/complete-milia-remova"}""";

    static final String NOT_FOUND_PLAN = """
            {"type":"https://api.clinic.hk/problems/not-found","title":"Not found","status":404,
             "detail":"No aftercare plan for treatment code botox","instance":"/api/v1/aftercare-plans/botox"}""";

    static final String BAD_LOCALE = """
            {"type":"https://api.clinic.hk/problems/unsupported-locale","title":"Unsupported locale","status":400,
             "detail":"Locale 'fr' is not served; use one of [en, zh-HK]","instance":"/api/v1/guides/complete-milia-removal"}""";

    static final String BAD_PAGE = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Validation failed","status":400,
             "detail":"The request has 1 invalid field(s)","instance":"/api/v1/guides",
             "errors":[{"field":"size","message":"must be less than or equal to 100"}]}""";

    static final String BAD_QUERY = """
            {"type":"https://api.clinic.hk/problems/invalid-query","title":"Invalid search query","status":400,
             "detail":"q must contain something to search for, at most 200 characters","instance":"/api/v1/search",
             "errors":[{"field":"q","message":"must not be blank"}]}""";

    static final String INVALID_DRAFT = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Validation failed","status":400,
             "detail":"The guide draft has 2 invalid field(s)","instance":"/api/v1/staff/guides/complete-milia-removal/drafts/en",
             "errors":[{"field":"sections[0].blocks[0].type","message":"must be one of [callout, list, paragraph, registrationCta, table, treatmentLink]"},
                       {"field":"sections[3].blocks[1].rows[0]","message":"must have 3 cells like the header, has 2"}]}""";

    static final String MALFORMED_JSON = """
            {"type":"https://api.clinic.hk/problems/malformed-json","title":"Malformed JSON","status":400,
             "detail":"The request body is not valid JSON for this operation","instance":"/api/v1/staff/guides/complete-milia-removal/drafts/en"}""";

    static final String UNSUPPORTED_MEDIA = """
            {"type":"https://api.clinic.hk/problems/unsupported-media-type","title":"Unsupported media type","status":415,
             "detail":"Send application/json","instance":"/api/v1/staff/guides/complete-milia-removal/drafts/en"}""";

    static final String UNAUTHORIZED = """
            {"type":"https://api.clinic.hk/problems/unauthorized","title":"Unauthorized","status":401,
             "detail":"A bearer token is required","instance":"/api/v1/staff/guides/complete-milia-removal/versions"}""";

    static final String FORBIDDEN = """
            {"type":"https://api.clinic.hk/problems/forbidden","title":"Forbidden","status":403,
             "detail":"The staff group is required","instance":"/api/v1/staff/guides/complete-milia-removal/versions"}""";

    static final String NO_DRAFT = """
            {"type":"https://api.clinic.hk/problems/not-found","title":"Not found","status":404,
             "detail":"No zh-HK draft of guide complete-milia-removal to publish","instance":"/api/v1/staff/guides/complete-milia-removal/publish"}""";

    static final String DRAFT_STALE = """
            {"type":"https://api.clinic.hk/problems/draft-no-longer-valid","title":"Draft no longer valid","status":409,
             "detail":"The draft refers to content that changed since it was saved","instance":"/api/v1/staff/guides/complete-milia-removal/publish",
             "errors":[{"field":"sections[6].blocks[0].ruleRefs[0]","message":"unknown aftercare rule no-touch-24h"}]}""";
}
