package dev.tally.local.kafka;

import java.util.Locale;
import java.util.Map;

/**
 * A further client listener next to the local broker's PLAINTEXT one, e.g. an SSL listener with
 * client certificates as Strimzi's {@code tls} listener, so tests can connect Tally's clients the
 * way they connect in the cluster. Inter-broker and Tally's topic set-up stay on PLAINTEXT.
 *
 * @param name     the listener's name, also its security protocol ({@code SSL})
 * @param port     its port on localhost (not 0: it is advertised)
 * @param settings its own settings without the {@code listener.name.<name>.} prefix
 *                 ({@code ssl.keystore.location}, {@code ssl.client.auth} …)
 */
record ExtraListener(String name, int port, Map<String, String> settings) {

    ExtraListener {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("an extra listener needs a fixed port, not " + port);
        }
        settings = Map.copyOf(settings);
    }

    void addTo(Map<String, String> broker) {
        String address = name + "://" + ListenerSockets.HOST + ":" + port;
        broker.put("listeners", broker.get("listeners") + "," + address);
        broker.put("advertised.listeners", broker.get("advertised.listeners") + "," + address);
        broker.put("listener.security.protocol.map", broker.get("listener.security.protocol.map") + "," + name + ":" + name);
        String prefix = "listener.name." + name.toLowerCase(Locale.ROOT) + ".";
        settings.forEach((key, value) -> broker.put(prefix + key, value));
    }
}
