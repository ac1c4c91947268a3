using System.CommandLine;
using System.CommandLine.Parsing;

namespace CpmSim.Cli;

/// <summary>The <c>cpmsim</c> command tree. Exit codes: 0 success, 1 failed expectations, 2 bad input.</summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("cpmsim — discrete-event simulator for OMA CPM interworking signalling.");
        foreach (Command c in Commands.All(stdout, stderr))
        {
            root.Subcommands.Add(c);
        }

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (ParseError e in parse.Errors)
            {
                stderr.WriteLine($"error: {e.Message}");
            }

            stderr.WriteLine("Run 'cpmsim --help' (or 'cpmsim COMMAND --help') for usage.");
            return ExitBadInput;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (CliException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return e.ExitCode;
        }
    }
}
