package org.triojava.process.jdk;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.io.IOException;
import java.util.List;
import org.triojava.TaskStatus;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Redirect;
import org.triojava.process.TrioProcess;
import org.triojava.spi.ProcessProvider;

/**
 * The subprocess backend of trio-process, found by {@link java.util.ServiceLoader} under the name
 * {@code "jdk"}: children started with {@link ProcessBuilder}, where Trio uses {@code subprocess.Popen}.
 */
@ServiceProvider(ProcessProvider.class)
public final class JdkProcessProvider implements ProcessProvider {
    /** Creates the provider (ServiceLoader calls this). */
    public JdkProcessProvider() {
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public TrioProcess open(List<String> command, ProcessOptions options) throws IOException {
        return ChildLauncher.start(command, options, options.stdin() != null ? options.stdin() : Redirect.INHERIT);
    }

    @Override
    public CompletedProcess run(List<String> command, ProcessOptions options, TaskStatus<? super TrioProcess> status)
            throws IOException {
        return ProcessRun.run(command, options, status);
    }
}
