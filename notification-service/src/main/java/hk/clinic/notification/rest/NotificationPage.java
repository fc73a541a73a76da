package hk.clinic.notification.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "NotificationPage", description = "A page of a registration's notifications, oldest due first")
public record NotificationPage(List<NotificationView> items,
                               @Schema(examples = "0") int page,
                               @Schema(examples = "20") int size,
                               @Schema(examples = "7") long total) {
}
