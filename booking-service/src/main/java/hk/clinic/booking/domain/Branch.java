package hk.clinic.booking.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A clinic branch; its opening hours and closed dates live in their own tables. */
@Entity
@Table(name = "branch")
public class Branch extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_en")
    public String nameEn;

    @Column(name = "name_zh_hk")
    public String nameZhHk;

    @Column(name = "address_en")
    public String addressEn;

    @Column(name = "address_zh_hk")
    public String addressZhHk;

    public String phone;

    @Column(name = "sort_order")
    public int sortOrder;

    public LocalizedText name() {
        return new LocalizedText(nameEn, nameZhHk);
    }

    public LocalizedText address() {
        return new LocalizedText(addressEn, addressZhHk);
    }
}
