package hk.clinic.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own configuration, read from its application.properties at test time, so the manifests are
 * checked against what the service reads today. Only the default profile counts here (a Kubernetes pod runs the
 * packaged app in the prod profile; %dev, %test and %local values never reach it).
 */
record ServiceConfig(String module, Map<String, String> properties) {

    static final List<String> MODULES = List.of("booking-service", "content-service", "notification-service");

    /** A host name or an address with a port or scheme on this machine; a bare 127.0.0.1 in a CIDR list is no endpoint. */
    private static final Pattern LOCAL_ENDPOINT = Pattern.compile("localhost|://(127\\.0\\.0\\.1|\\[::1])|(127\\.0\\.0\\.1|\\[::1]):\\d");

    private static final Pattern EXPRESSION_DEFAULT = Pattern.compile("^\\$\\{[^:}]+:([^}]*)}$");

    static List<ServiceConfig> all() {
        return MODULES.stream().map(ServiceConfig::load).toList();
    }

    static ServiceConfig load(String module) {
        Path file = Manifests.ROOT.resolve(module).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        return new ServiceConfig(module, props);
    }

    Path moduleDir() {
        return Manifests.ROOT.resolve(module);
    }

    /** quarkus.application.name: the name of its Deployment, Service, ConfigMap prefix and KafkaUser. */
    String name() {
        return required("quarkus.application.name");
    }

    /** The value the prod profile (the one deployed) resolves: its %prod. entry, else the default one. */
    String required(String key) {
        String v = properties.getOrDefault("%prod." + key, properties.get(key));
        if (v == null) {
            throw new AssertionError(module + " no longer sets " + key);
        }
        return v;
    }

    /** Keys of the default profile (no %profile. prefix). */
    Set<String> defaultProfileKeys() {
        Set<String> keys = new TreeSet<>();
        properties.keySet().stream().filter(k -> !k.startsWith("%")).forEach(keys::add);
        return keys;
    }

    /** Every key the service declares, profile prefixes removed. */
    Set<String> allKeys() {
        Set<String> keys = new TreeSet<>();
        for (String k : properties.keySet()) {
            keys.add(k.startsWith("%") && k.indexOf('.') > 0 ? k.substring(k.indexOf('.') + 1) : k);
        }
        return keys;
    }

    /** The value a pod sees: the ConfigMap's environment variable wins over application.properties. */
    String effective(String key, Map<String, String> configMap) {
        String env = configMap.get(envForm(key));
        return env != null ? env : properties.get(key);
    }

    /** SmallRye Config's environment-variable form of a property name. */
    static String envForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** "${VAR:default}" -> "default"; a plain value as it is. */
    static String defaultOf(String value) {
        Matcher m = EXPRESSION_DEFAULT.matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    /** Default-profile keys whose value points at this machine: a pod must get them from its ConfigMap. */
    Set<String> localOnlyKeys() {
        Set<String> keys = new TreeSet<>();
        for (String k : defaultProfileKeys()) {
            String v = properties.get(k);
            if (LOCAL_ENDPOINT.matcher(v).find()) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** Kafka channels of one direction ("incoming"/"outgoing"): channel name -> its property prefix. */
    Set<String> kafkaChannels(String direction) {
        Set<String> channels = new TreeSet<>();
        String prefix = "mp.messaging." + direction + ".";
        for (String k : defaultProfileKeys()) {
            if (k.startsWith(prefix) && k.endsWith(".connector") && "smallrye-kafka".equals(properties.get(k))) {
                channels.add(k.substring(prefix.length(), k.length() - ".connector".length()));
            }
        }
        return channels;
    }

    /** The topic of a channel: its topic attribute, else the channel name (SmallRye's default). */
    String topic(String direction, String channel, Map<String, String> configMap) {
        String t = effective("mp.messaging." + direction + "." + channel + ".topic", configMap);
        return t != null ? t : channel;
    }

    boolean usesKafka() {
        return !kafkaChannels("incoming").isEmpty() || !kafkaChannels("outgoing").isEmpty();
    }
}
