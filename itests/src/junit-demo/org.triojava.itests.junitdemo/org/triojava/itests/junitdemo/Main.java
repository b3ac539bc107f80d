package org.triojava.itests.junitdemo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.triojava.junit5.TrioExtension;

/**
 * Runs {@link DemoTests} with the JUnit Platform launcher and prints what happened, one
 * "key: value" line each, for JUnitOnModulePathIT.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        List<String> succeeded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    succeeded.add(test.getDisplayName());
                } else {
                    Throwable t = result.getThrowable().orElseThrow();
                    boolean seed = Arrays.stream(t.getSuppressed())
                            .anyMatch(s -> s.getMessage().startsWith("Trio scheduling seed "));
                    failures.add(test.getDisplayName() + " " + t.getClass().getName() + " seed attached " + seed
                            + " | " + t.getMessage());
                }
            }

            @Override
            public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                String seed = entry.getKeyValuePairs().get(TrioExtension.SEED_REPORT_KEY);
                if (seed != null) {
                    seeds.add(seed);
                }
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(DemoTests.class))
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);

        succeeded.sort(null);
        System.out.println("succeeded: " + String.join(",", succeeded));
        System.out.println("failures: " + failures.size());
        for (String failure : failures) {
            System.out.println("failure: " + failure.replace('\n', ' '));
        }
        System.out.println("seeds-reported: " + seeds.size());
        System.out.println("extension-module: " + TrioExtension.class.getModule().getName());
        System.out.println("tests-module: " + DemoTests.class.getModule().getName());
        System.out.println("core-in-boot-layer: " + ModuleLayer.boot().findModule("org.triojava.core").isPresent());
    }
}
