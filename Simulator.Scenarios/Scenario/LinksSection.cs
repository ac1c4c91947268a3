using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>links:</c> section: each link, expanded over the instances it joins.</summary>
internal static class LinksSection
{
    internal static readonly string[] LinkKeys = ["between", "from", "to", "latency", "loss", "bandwidth", "up"];

    /// <summary><c>link-defaults: {latency: ...}</c>: the latency of links without their own.</summary>
    internal static Distribution? ReadDefaultLatency(YamlDoc doc, YamlMappingNode root, string? baseDir) =>
        doc.Distribution(doc.Mapping(YamlDoc.Child(root, "link-defaults"), "link-defaults", "latency"), "latency", "link-defaults", baseDir, DistributionUnit.Time);

    internal static List<LinkDefinition> ReadLinks(YamlDoc doc, YamlMappingNode root, string? baseDir, HashSet<string> names, Func<string, IEnumerable<string>> instancesOf)
    {
        var links = new List<LinkDefinition>();
        foreach ((YamlNode item, YamlMappingNode m) in SectionReader.Mappings(doc, root, "links", "'links' must be a list of {between: [a, b], latency: ...} or {from: a, to: b, ...}.", "a link", LinkKeys))
        {
            List<string>? between = doc.StringList(m, "between", "a link");
            string? from = doc.String(m, "from", "a link");
            string? to = doc.String(m, "to", "a link");
            bool directed = between is null;
            if (between is { Count: 2 })
            {
                (from, to) = (between[0], between[1]);
            }
            else if (between is not null || from is null || to is null)
            {
                doc.Error(m, "a link needs 'between: [a, b]' (both directions) or 'from: a' and 'to: b' (one direction).");
                continue;
            }

            string what = $"link {from}-{to}";
            foreach ((string end, string key) in new[] { (from!, between is null ? "from" : "between"), (to!, between is null ? "to" : "between") })
            {
                if (!names.Contains(end))
                {
                    SectionReader.UnknownNode(doc, YamlDoc.Child(m, key), key, end, names);
                }
            }

            if (from == to)
            {
                doc.Error(m, $"{what} connects a node to itself.", "a link joins two different nodes.");
            }

            double? bandwidth = null;
            if (doc.String(m, "bandwidth", what) is string bw)
            {
                if (TryParseBandwidth(bw, out double bps))
                {
                    bandwidth = bps;
                }
                else
                {
                    doc.Error(YamlDoc.Child(m, "bandwidth"), $"'bandwidth' in {what} must be a positive rate such as 100Mbps, 2kbps or 9600bps, not '{bw}'.");
                }
            }

            var link = new LinkDefinition
            {
                From = from!,
                To = to!,
                Directed = directed,
                Latency = doc.Distribution(m, "latency", what, baseDir, DistributionUnit.Time),
                Loss = doc.Number(m, "loss", what, 0, 0.999999) ?? 0,
                BandwidthBitsPerSecond = bandwidth,
                Up = doc.Bool(m, "up", what) ?? true,
                Location = SectionReader.Where(doc, item),
            };

            // A link to a node with several instances joins every instance.
            long joins = (long)instancesOf(from!).Count() * instancesOf(to!).Count();
            if (links.Count + joins > ScenarioLoader.MaxLinks)
            {
                doc.Error(item, $"{what} joins {instancesOf(from!).Count()} × {instancesOf(to!).Count()} instances, which takes the scenario past the limit of {ScenarioLoader.MaxLinks} links (each has its own state and random streams).",
                    "use fewer instances on one side: a link joins every instance of one node to every instance of the other.");
                continue;
            }

            foreach (string a in instancesOf(from!))
            {
                foreach (string b in instancesOf(to!))
                {
                    links.Add(link with { From = a, To = b });
                }
            }
        }

        return links;
    }

    internal static bool TryParseBandwidth(string text, out double bps) => Units.TryParseBandwidth(text, out bps, out _);
}
