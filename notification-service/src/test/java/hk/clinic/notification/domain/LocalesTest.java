package hk.clinic.notification.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A person's language from booking's contact: zh-HK, then other Traditional Chinese, else English. */
class LocalesTest {

    @Test
    void traditionalChineseGetsZhHkAndEverythingElseEnglish() {
        assertEquals("zh-HK", Locales.supported("zh-HK"));
        assertEquals("zh-HK", Locales.supported("zh-Hant"));
        assertEquals("zh-HK", Locales.supported("zh-TW"));
        assertEquals("zh-HK", Locales.supported("zh-Hant-HK"));
        assertEquals("en", Locales.supported("zh-CN"));
        assertEquals("en", Locales.supported("zh-Hans"));
        assertEquals("en", Locales.supported("en-GB"));
        assertEquals("en", Locales.supported("fr"));
    }
}
