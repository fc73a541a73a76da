package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclOperation;

/**
 * Topics and ACLs follow the services' channels: every topic a service uses exists with durable settings, the
 * producer may only write it, the consumer may only read it in its own group and write its dead-letter topic.
 */
class KafkaTopologyTest {

    private static final Set<AclOperation> WRITE = EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE);
    private static final Set<AclOperation> READ = EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicTheServicesUseExistsDurably(String overlay) {
        Rendered r = Rendered.of(overlay);
        Kafka kafka = r.all("Kafka", Kafka.class).get(0);
        int brokers = r.all("KafkaNodePool", KafkaNodePool.class).stream()
                .filter(p -> kafka.getMetadata().getName().equals(p.getMetadata().getLabels().get("strimzi.io/cluster")))
                .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertTrue(brokers >= 3, "three brokers at least, for replication 3");
        assertEquals(2, Integer.parseInt(String.valueOf(kafka.getSpec().getKafka().getConfig().get("min.insync.replicas"))));
        assertEquals(false, kafka.getSpec().getKafka().getConfig().get("auto.create.topics.enable"), "topics are declared, never auto-created");

        Map<String, KafkaTopic> topics = new TreeMap<>();
        for (KafkaTopic t : r.all("KafkaTopic", KafkaTopic.class)) {
            assertEquals(kafka.getMetadata().getName(), t.getMetadata().getLabels().get("strimzi.io/cluster"));
            topics.put(t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName(), t);
        }
        Set<String> used = new TreeSet<>();
        for (ServiceConfig svc : ServiceConfig.all()) {
            used.addAll(channelTopics(svc, r).keySet());
        }
        assertEquals(used, topics.keySet(), "KafkaTopics and the topics the services use");
        for (KafkaTopic t : topics.values()) {
            String name = t.getSpec().getTopicName();
            assertEquals(3, t.getSpec().getReplicas(), name + " replicas");
            assertTrue(t.getSpec().getReplicas() <= brokers, name + ": more replicas than brokers");
            assertEquals(2, Integer.parseInt(String.valueOf(t.getSpec().getConfig().get("min.insync.replicas"))), name + " min.insync.replicas");
            assertNotNull(t.getSpec().getConfig().get("retention.ms"), name + ": retention is chosen, not inherited");
            assertNotNull(t.getSpec().getPartitions(), name + " partitions");
        }
        // Consumers scale up to the partition count: more pods than partitions would sit idle.
        for (ServiceConfig svc : ServiceConfig.all()) {
            for (String channel : svc.kafkaChannels("incoming")) {
                String topic = svc.topic("incoming", channel, r.configMapData(r.deployment(svc.name())));
                int max = r.all("HorizontalPodAutoscaler", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)
                        .stream().filter(h -> h.getSpec().getScaleTargetRef().getName().equals(svc.name()))
                        .mapToInt(h -> h.getSpec().getMaxReplicas()).findFirst().orElseThrow();
                assertTrue(topics.get(topic).getSpec().getPartitions() >= max, topic + ": fewer partitions than " + svc.name() + " pods");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceMayDoExactlyWhatItsChannelsNeed(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceConfig svc : ServiceConfig.all()) {
            if (!svc.usesKafka()) {
                continue;
            }
            KafkaUser user = r.one("KafkaUser", svc.name(), KafkaUser.class);
            assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication, svc.name() + " authentication");
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();

            Map<String, Set<AclOperation>> expectedTopics = new TreeMap<>();
            Set<String> groups = new TreeSet<>();
            Map<String, String> cm = r.configMapData(r.deployment(svc.name()));
            for (String channel : svc.kafkaChannels("outgoing")) {
                expectedTopics.put(svc.topic("outgoing", channel, cm), WRITE);
            }
            for (String channel : svc.kafkaChannels("incoming")) {
                String prefix = "mp.messaging.incoming." + channel + ".";
                expectedTopics.put(svc.topic("incoming", channel, cm), READ);
                String group = svc.effective(prefix + "group.id", cm);
                assertNotNull(group, svc.name() + ": set group.id of " + channel + " so that its ACL can name it");
                groups.add(group);
                if ("dead-letter-queue".equals(svc.effective(prefix + "failure-strategy", cm))) {
                    String dlq = svc.effective(prefix + "dead-letter-queue.topic", cm);
                    expectedTopics.put(dlq != null ? dlq : "dead-letter-topic-" + channel, WRITE);
                }
            }

            Map<String, Set<AclOperation>> granted = new TreeMap<>();
            Set<String> grantedGroups = new TreeSet<>();
            for (AclRule acl : acls) {
                Set<AclOperation> ops = EnumSet.copyOf(acl.getOperations());
                if (acl.getResource() instanceof AclRuleTopicResource topic) {
                    if (topic.getPatternType() != AclResourcePatternType.LITERAL) {
                        problems.add(svc.name() + ": topic ACLs name one topic literally, not " + topic.getPatternType());
                    }
                    granted.merge(topic.getName(), ops, (a, b) -> {
                        a.addAll(b);
                        return a;
                    });
                } else if (acl.getResource() instanceof AclRuleGroupResource group) {
                    if (!ops.equals(EnumSet.of(AclOperation.READ))) {
                        problems.add(svc.name() + ": group " + group.getName() + " needs Read only, has " + ops);
                    }
                    grantedGroups.add(group.getName());
                } else if (acl.getResource() instanceof AclRuleClusterResource) {
                    if (!ops.equals(EnumSet.of(AclOperation.IDEMPOTENTWRITE))) {
                        problems.add(svc.name() + ": on the cluster only IdempotentWrite, has " + ops);
                    }
                } else {
                    problems.add(svc.name() + ": unexpected ACL resource " + acl.getResource());
                }
            }
            if (!expectedTopics.equals(granted)) {
                problems.add(svc.name() + ": topic ACLs " + granted + ", its channels need " + expectedTopics);
            }
            if (!groups.equals(grantedGroups)) {
                problems.add(svc.name() + ": group ACLs " + grantedGroups + ", its channels use " + groups);
            }
        }
        assertEquals(List.of(), problems);
    }

    static Map<String, String> channelTopics(ServiceConfig svc, Rendered r) {
        Map<String, String> topics = new TreeMap<>();
        if (!svc.usesKafka()) {
            return topics;
        }
        Deployment d = r.deployment(svc.name());
        Map<String, String> cm = r.configMapData(d);
        for (String direction : List.of("incoming", "outgoing")) {
            for (String channel : svc.kafkaChannels(direction)) {
                topics.put(svc.topic(direction, channel, cm), channel);
                String dlq = svc.effective("mp.messaging." + direction + "." + channel + ".dead-letter-queue.topic", cm);
                if (dlq != null) {
                    topics.put(dlq, channel);
                }
            }
        }
        return topics;
    }
}
