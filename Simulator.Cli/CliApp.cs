using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using CpmSim.Scenarios.Files;

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
                stderr.WriteLine($"error: {Friendly(e.Message)}");
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
        catch (FileErrorException e)
        {
            // A scenario error found after loading (e.g. while building the network): still bad input.
            stderr.WriteLine("error: " + e.Message);
            return ExitBadInput;
        }
    }

    /// <summary>
    /// The parser names .NET types ("as expected type 'System.Nullable`1[System.UInt64]'"); users need the kind of value.
    /// </summary>
    internal static string Friendly(string parseError) =>
        Regex.Replace(parseError, @"as expected type '(?:System\.Nullable`1\[)?System\.(\w+)\]?'\.?", m => m.Groups[1].Value switch
        {
            "UInt64" or "UInt32" => "— expected a whole number ≥ 0.",
            "Int64" or "Int32" => "— expected a whole number.",
            "Double" or "Single" or "Decimal" => "— expected a number, e.g. 0.5.",
            "Boolean" => "— expected true or false.",
            _ => m.Value,
        });
}
