package hk.clinic.booking.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Date;
import java.sql.Time;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Booked places per slot. Reservations are one conditional statement, safe under any concurrency. */
@ApplicationScoped
public class SlotRepository {

    @Inject
    EntityManager em;

    /**
     * Takes one place if fewer than {@code places} are booked. The upsert locks the counter row, so concurrent
     * requests for the last place queue on it and exactly one of them sees room.
     */
    public boolean reserve(String branch, String treatment, LocalDate date, LocalTime time, int places) {
        return em.createNativeQuery("INSERT INTO slot_booking (branch_code, treatment_code, slot_date, slot_time, booked) "
                        + "VALUES (?1, ?2, ?3, ?4, 1) "
                        + "ON CONFLICT (branch_code, treatment_code, slot_date, slot_time) "
                        + "DO UPDATE SET booked = slot_booking.booked + 1 WHERE slot_booking.booked < ?5")
                .setParameter(1, branch).setParameter(2, treatment).setParameter(3, date).setParameter(4, time)
                .setParameter(5, places)
                .executeUpdate() == 1;
    }

    public void release(String branch, String treatment, LocalDate date, LocalTime time) {
        em.createNativeQuery("UPDATE slot_booking SET booked = booked - 1 WHERE branch_code = ?1 AND treatment_code = ?2 "
                        + "AND slot_date = ?3 AND slot_time = ?4 AND booked > 0")
                .setParameter(1, branch).setParameter(2, treatment).setParameter(3, date).setParameter(4, time)
                .executeUpdate();
    }

    /** Booked places of every slot in a date range, in one query. */
    @SuppressWarnings("unchecked")
    public Map<LocalDate, Map<LocalTime, Integer>> booked(String branch, String treatment, LocalDate from, LocalDate to) {
        Map<LocalDate, Map<LocalTime, Integer>> booked = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("SELECT slot_date, slot_time, booked FROM slot_booking "
                        + "WHERE branch_code = ?1 AND treatment_code = ?2 AND slot_date BETWEEN ?3 AND ?4")
                .setParameter(1, branch).setParameter(2, treatment).setParameter(3, from).setParameter(4, to)
                .getResultList();
        for (Object[] row : rows) {
            LocalDate date = row[0] instanceof Date d ? d.toLocalDate() : (LocalDate) row[0];
            LocalTime time = row[1] instanceof Time t ? t.toLocalTime() : (LocalTime) row[1];
            booked.computeIfAbsent(date, k -> new HashMap<>()).put(time, ((Number) row[2]).intValue());
        }
        return booked;
    }
}
