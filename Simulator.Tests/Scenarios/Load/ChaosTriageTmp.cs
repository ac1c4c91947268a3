using CsCheck;
namespace CpmSim.Tests.Scenarios.Load;
public class ChaosTriageTmp
{
    [Test, Explicit]
    public void Triage()
    {
        var kinds = new Dictionary<string, (int N, string Example)>();
        int n = int.Parse(Environment.GetEnvironmentVariable("TRIAGE_N") ?? "200", System.Globalization.CultureInfo.InvariantCulture);
        int i = 0;
        ChaosCase.Generator.Sample(c =>
        {
            i++;
            try { ChaosTests.RunAndCheck(c); }
            catch (Exception e)
            {
                string msg = e.GetType().Name + ": " + e.Message;
                string key = System.Text.RegularExpressions.Regex.Replace(msg, @"[0-9.]+", "#");
                key = key.Length > 140 ? key[..140] : key;
                kinds[key] = kinds.TryGetValue(key, out var k) ? (k.N + 1, k.Example) : (1, msg + "\n" + c + "\n" + e.StackTrace);
            }
        }, seed: Environment.GetEnvironmentVariable("TRIAGE_SEED") ?? "0N0XIzNsQ0O2", iter: n, threads: 1);
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"cases {i}");
        foreach (var kv in kinds.OrderByDescending(k => k.Value.N)) sb.AppendLine($"{kv.Value.N} x {kv.Key}");
        foreach (var kv in kinds.OrderByDescending(k => k.Value.N)) sb.AppendLine("=====\n" + kv.Value.Example);
        File.WriteAllText("/tmp/triage.txt", sb.ToString());
    }
}
