using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Files;

namespace CpmSim.Cli;

/// <summary>
/// The <c>cpmsim</c> command tree. Exit codes: 0 success, 1 failed expectations (<c>check</c>) or a trace that
/// does not conform (<c>replay</c>), 2 bad input, 70 internal error (a bug: no exception escapes a command).
/// </summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadInput = 2;

    /// <summary>An unexpected exception, i.e. a bug in cpmsim (EX_SOFTWARE of sysexits.h).</summary>
    public const int ExitInternalError = 70;

    internal const string ExitCodesHelp =
        "Exit codes: 0 success; 1 a check failed (check) or the trace does not conform (replay); 2 bad input; 70 internal error (a bug: please report it with the command line).";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, []);

    /// <summary>Runs the command tree with extra subcommands (tests add commands that fail in chosen ways).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, IEnumerable<Command> extra)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var root = new RootCommand("cpmsim — discrete-event simulator for OMA CPM interworking signalling. " + ExitCodesHelp);
            foreach (Command c in Commands.All(stdout, stderr).Concat(extra))
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
            return parse.Invoke(config);
        }
        catch (CliException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (UserError(Unwrap(e)) is string message)
        {
            stderr.WriteLine("error: " + message);
            return Unwrap(e) is CliException c ? c.ExitCode : ExitBadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine(InternalError(Unwrap(e), args));
            return ExitInternalError;
        }
    }

    /// <summary>The one exception inside an <see cref="AggregateException"/> (runs in parallel throw those); the exception itself otherwise.</summary>
    internal static Exception Unwrap(Exception e) => e is AggregateException a && a.Flatten().InnerExceptions is [Exception only] ? only : e;

    /// <summary>The message of an exception that reports bad input (a file, a distribution, a topology); null for any other.</summary>
    internal static string? UserError(Exception e) => e switch
    {
        CliException or FileErrorException or DistributionFormatException => e.Message,
        _ => null,
    };

    /// <summary>One line for an unexpected exception: what happened and how to report it.</summary>
    internal static string InternalError(Exception e, IEnumerable<string> args) => InternalError(e, CommandLine(args));

    /// <summary>One line for an unexpected exception, with the command line already quoted for a shell.</summary>
    internal static string InternalError(Exception e, string commandLine) =>
        $"internal error: {e.GetType().Name}: {OneLine(e.Message)} — this is a bug in cpmsim; please report it with this command line: cpmsim {commandLine}";

    internal static string CommandLine(IEnumerable<string> args) =>
        string.Join(' ', args.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+%".Contains(c, StringComparison.Ordinal)) ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    internal static string OneLine(string text) => Regex.Replace(text, @"\s*[\r\n]+\s*", " ").Trim();

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
