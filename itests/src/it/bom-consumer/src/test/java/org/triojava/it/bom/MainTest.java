package org.triojava.it.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void theProgramRunsOnTheCoreBackend() throws Exception {
        Main.main(new String[0]);
        assertEquals(List.of("quick", "slow"), Main.finishingOrder());
    }

    @Test
    void theBomGaveTheReactorsFreshArtifacts() throws Exception {
        String repository = System.getProperty("bom.consumer.repository");
        String version = System.getProperty("bom.consumer.trio.version");
        assertNotNull(repository, "run this project through the itests build (maven-invoker-plugin)");
        for (String artifact : List.of("trio-api", "trio-core", "trio-junit5")) {
            Path expected = Path.of(repository, "org", "triojava", artifact, version, artifact + "-" + version + ".jar")
                    .toRealPath();
            Class<?> type = Class.forName(switch (artifact) {
                case "trio-api" -> "org.triojava.Trio";
                case "trio-core" -> "org.triojava.core.CoreRuntimeProvider";
                default -> "org.triojava.junit5.TrioTest";
            });
            Path actual = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
            assertEquals(expected, actual, artifact);
            System.out.println("bom-consumer: " + artifact + " from " + actual);
        }
    }
}
