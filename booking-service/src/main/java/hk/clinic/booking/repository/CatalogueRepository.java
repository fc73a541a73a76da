package hk.clinic.booking.repository;

import hk.clinic.booking.domain.Branch;
import hk.clinic.booking.domain.BranchSchedule;
import hk.clinic.booking.domain.Catalogue;
import hk.clinic.booking.domain.OpeningHours;
import hk.clinic.booking.domain.Treatment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Date;
import java.sql.Time;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the whole catalogue in a fixed number of queries (it is small and changes only with a migration). */
@ApplicationScoped
public class CatalogueRepository {

    @Inject
    EntityManager em;

    @SuppressWarnings("unchecked")
    public Catalogue load() {
        List<Treatment> treatments = Treatment.list("order by sortOrder, code");
        List<Branch> branches = Branch.list("order by sortOrder, code");
        Map<String, Map<DayOfWeek, OpeningHours>> hours = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT branch_code, weekday, opens_at, closes_at FROM branch_opening_hours").getResultList()) {
            DayOfWeek day = DayOfWeek.of(((Number) row[1]).intValue());
            hours.computeIfAbsent((String) row[0], k -> new EnumMap<>(DayOfWeek.class))
                    .put(day, new OpeningHours(day, toTime(row[2]), toTime(row[3])));
        }
        Map<String, Set<LocalDate>> closed = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT branch_code, closed_on FROM branch_closed_date").getResultList()) {
            closed.computeIfAbsent((String) row[0], k -> new HashSet<>()).add(toDate(row[1]));
        }
        Map<String, Integer> places = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT branch_code, treatment_code, places FROM slot_capacity").getResultList()) {
            places.put(row[0] + "|" + row[1], ((Number) row[2]).intValue());
        }
        Map<String, Integer> slotPlaces = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT branch_code, treatment_code, weekday, slot_time, places FROM slot_capacity_override").getResultList()) {
            slotPlaces.put(Catalogue.slotKey((String) row[0], (String) row[1], DayOfWeek.of(((Number) row[2]).intValue()),
                    toTime(row[3])), ((Number) row[4]).intValue());
        }
        List<BranchSchedule> schedules = branches.stream()
                .map(b -> new BranchSchedule(b, Map.copyOf(hours.getOrDefault(b.code, Map.of())),
                        Set.copyOf(closed.getOrDefault(b.code, Set.of()))))
                .toList();
        treatments.forEach(em::detach);
        branches.forEach(em::detach);
        return new Catalogue(List.copyOf(treatments), schedules, Map.copyOf(places), Map.copyOf(slotPlaces));
    }

    private static java.time.LocalTime toTime(Object value) {
        return value instanceof Time t ? t.toLocalTime() : (java.time.LocalTime) value;
    }

    private static LocalDate toDate(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
