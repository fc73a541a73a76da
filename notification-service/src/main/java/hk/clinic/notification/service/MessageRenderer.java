package hk.clinic.notification.service;

import hk.clinic.notification.domain.Locales;
import hk.clinic.notification.domain.NotificationType;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;

/**
 * Renders a message with Qute: {@code templates/messages/<type>_<locale>.txt} holds the subject on its first
 * line and the text after a blank line; {@code templates/mail/layout_<locale>.html} wraps the same paragraphs
 * into the HTML part of the email.
 */
@ApplicationScoped
public class MessageRenderer {

    @Inject
    Engine engine;

    public RenderedMessage render(NotificationType type, String locale, MessageModel model) {
        String lang = Locales.ZH_HK.equals(locale) ? Locales.ZH_HK : Locales.EN;
        String rendered = template("messages/" + type.templateName() + "_" + lang + ".txt").data("m", model).render().strip();
        int split = rendered.indexOf("\n\n");
        String subject = split < 0 ? rendered : rendered.substring(0, split).strip();
        String text = split < 0 ? "" : rendered.substring(split + 2).strip();
        List<String> paragraphs = Arrays.stream(text.split("\n\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        String html = template("mail/layout_" + lang + ".html")
                .data("subject", subject).data("paragraphs", paragraphs).data("m", model).render();
        return new RenderedMessage(subject, text, html);
    }

    private Template template(String id) {
        Template template = engine.getTemplate(id);
        if (template == null) {
            throw new IllegalStateException("Missing message template " + id);
        }
        return template;
    }
}
