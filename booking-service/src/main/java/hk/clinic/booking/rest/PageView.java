package hk.clinic.booking.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of a list, as every list of this API is answered. */
public record PageView<T>(
        List<T> items,
        @Schema(examples = "0") int page,
        @Schema(examples = "20") int size,
        @Schema(examples = "4") long total) {

    public static <T> PageView<T> of(List<T> all, int page, int size) {
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        return new PageView<>(all.subList(from, to), page, size, all.size());
    }
}
