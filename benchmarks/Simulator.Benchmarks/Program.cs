using System.Globalization;
using BenchmarkDotNet.Running;

namespace CpmSim.Benchmarks;

/// <summary>
/// Quick mode prints one line per figure:
///   kernel --workload hold|mmc|hold-process|mmc-process [--seed N] [--queue radix|heap|calendar] [--entities N] [--alloc-profile true]
///   session [--sessions N] [--seed N] [--rate R] [--sample-every N] [--alloc-profile true] [--fingerprint tnk]
/// BenchmarkDotNet suites: bdn [BenchmarkDotNet arguments, e.g. --filter '*Kernel*' --job short]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        bool help = args.Length == 0 || args[0] is "-h" or "--help" || (args[0] != "bdn" && args.Any(a => a is "-h" or "--help"));
        if (help)
        {
            Console.WriteLine("usage: kernel --workload hold|mmc|hold-process|mmc-process [--seed N] [--queue radix|heap|calendar] [--entities N] [--alloc-profile true (one run, what it allocates by type)]");
            Console.WriteLine("       session [--sessions N] [--seed N] [--rate R (arrivals/s, default 100)] [--sample-every N (trace 1 session in N, default 0: none)] [--alloc-profile true] [--fingerprint INGREDIENTS (e.g. tnk; default none)] [--pairs N (fingerprint off/on alternated in one process; --fingerprint none: off/off, the noise)]");
            Console.WriteLine("       bdn [BenchmarkDotNet arguments]");
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = Options(args.Skip(1).ToArray());
            switch (args[0])
            {
                case "kernel":
                    return QuickKernel.Run(options.GetValueOrDefault("workload", "hold"), ulong.Parse(options.GetValueOrDefault("seed", "42"), CultureInfo.InvariantCulture),
                        options.GetValueOrDefault("queue", "radix"), int.Parse(options.GetValueOrDefault("entities", "1000"), CultureInfo.InvariantCulture),
                        options.GetValueOrDefault("alloc-profile", "false") == "true");
                case "session":
                    return QuickSession.Run(int.Parse(options.GetValueOrDefault("sessions", "20000"), CultureInfo.InvariantCulture), ulong.Parse(options.GetValueOrDefault("seed", "42"), CultureInfo.InvariantCulture),
                        double.Parse(options.GetValueOrDefault("rate", "100"), CultureInfo.InvariantCulture), int.Parse(options.GetValueOrDefault("sample-every", "0"), CultureInfo.InvariantCulture),
                        options.GetValueOrDefault("alloc-profile", "false") == "true", options.GetValueOrDefault("fingerprint"), int.Parse(options.GetValueOrDefault("pairs", "0"), CultureInfo.InvariantCulture));
                case "bdn":
                    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Skip(1).ToArray());
                    return 0;
                default:
                    Console.Error.WriteLine($"error: unknown mode '{args[0]}': use kernel, session or bdn.");
                    return 2;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value' pairs, got '{args[i]}'.");
            }

            d[args[i][2..]] = args[++i];
        }

        return d;
    }
}
