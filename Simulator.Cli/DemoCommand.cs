using System.CommandLine;
using System.Globalization;
using CpmSim.Core.Experiments;
using CpmSim.Core.Metrics;

namespace CpmSim.Cli;

/// <summary><c>cpmsim demo</c>: an M/M/c queue through the kernel and the node ingress model, compared with Erlang C.</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter stdout)
    {
        var servers = new Option<int>("--servers", "-c") { Description = "Servers c.", DefaultValueFactory = _ => 10 };
        var rho = new Option<double>("--rho") { Description = "Utilisation ρ = λ/(cμ), below 1.", DefaultValueFactory = _ => 0.9 };
        var customers = new Option<long>("--customers", "-n") { Description = "Customers per replication.", DefaultValueFactory = _ => 200_000 };
        var replications = new Option<int>("--replications", "-r") { Description = "Independent replications.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Master seed.", DefaultValueFactory = _ => 42 };
        var cmd = new Command("demo", "M/M/c through the simulator (exponential service, mean 1 s) next to its analytic Erlang C waiting time.")
        {
            servers, rho, customers, replications, seed,
        };
        cmd.SetAction(parse =>
        {
            int c = parse.GetValue(servers);
            double r = parse.GetValue(rho);
            long n = parse.GetValue(customers);
            int reps = parse.GetValue(replications);
            if (c < 1 || r is <= 0 or >= 1 || double.IsNaN(r) || n < 100 || reps < 2)
            {
                throw new CliException($"demo needs --servers ≥ 1, 0 < --rho < 1, --customers ≥ 100 and --replications ≥ 2 (got {c}, {r.ToString(CultureInfo.InvariantCulture)}, {n}, {reps}).");
            }

            double mu = 1.0;
            double lambda = r * c * mu;
            (ConfidenceInterval wait, double analytic, IReadOnlyList<QueueingResult> runs) = QueueingModel.MMc(c, lambda, mu, n, reps, parse.GetValue(seed));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"M/M/{c}: λ = {lambda:G4}/s, μ = {mu}/s, ρ = {r:G4}; {reps} replications × {n:N0} customers, first 10% discarded"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  simulated mean wait  {wait.Mean:F4} s   95% CI [{wait.Low:F4}, {wait.High:F4}]"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Erlang C mean wait   {analytic:F4} s   {(wait.Contains(analytic) ? "inside" : "OUTSIDE")} the interval"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  utilisation          {runs.Average(x => x.Utilisation):F4}   (ρ = {r:G4})"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  events               {runs.Sum(x => x.Events):N0}"));
            return CliApp.ExitOk;
        });
        return cmd;
    }
}
