package hk.clinic.booking.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A bookable treatment; its code is shared with content-service. */
@Entity
@Table(name = "treatment")
public class Treatment extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_en")
    public String nameEn;

    @Column(name = "name_zh_hk")
    public String nameZhHk;

    @Column(name = "free_trial")
    public boolean freeTrial;

    @Column(name = "min_notice_days")
    public int minNoticeDays;

    @Column(name = "max_advance_days")
    public int maxAdvanceDays;

    @Column(name = "duration_minutes")
    public int durationMinutes;

    @Column(name = "slot_interval_minutes")
    public int slotIntervalMinutes;

    @Column(name = "sort_order")
    public int sortOrder;

    public LocalizedText name() {
        return new LocalizedText(nameEn, nameZhHk);
    }
}
