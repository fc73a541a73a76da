package db.migration;

import hk.clinic.content.repository.ContentFilesMigration;

import java.util.List;

/** Content release 1: the milia guide (en source, zh-HK machine-translated), its aftercare rules and plans. */
public class V2__Load_content_release_1 extends ContentFilesMigration {

    @Override
    protected List<String> guideSlugs() {
        return List.of("complete-milia-removal");
    }
}
