package dev.lakeload.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code lakeload completion}: prints the bash and zsh completion script that picocli generates for lakeload. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        // The first line alone is what the command list of lakeload --help shows.
        description = {"Print a bash/zsh completion script for lakeload.",
            "Try it in this shell:",
            "  source <(bin/lakeload completion)",
            "or install it: bin/lakeload completion > /etc/bash_completion.d/lakeload (zsh: after autoload -U "
                + "+X bashcompinit && bashcompinit)."})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("lakeload", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
