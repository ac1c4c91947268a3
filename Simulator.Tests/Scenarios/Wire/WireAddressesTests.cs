using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Wire;
using CpmSim.Tests.Cli;

namespace CpmSim.Tests.Scenarios.Wire;

public sealed class WireAddressesTests : CliTestFixture
{
    [Test]
    public void Addresses_AreTheNodesIpOrAssignedFrom10001InDeclarationOrder_SkippingTakenOnes()
    {
        ScenarioDefinition s = ScenarioLoader.Load("ip.yaml", "extends: r01\nname: ip\nnodes:\n  cpm-server: {ip: 10.0.0.1}\n  isf: {ip: 192.0.2.7}\n");
        var where = new WireAddresses(s, [.. s.Nodes.Select(n => n.Name)]);
        Assert.That(where.Ip("cpm-server"), Is.EqualTo("10.0.0.1"));
        Assert.That(where.Ip("isf"), Is.EqualTo("192.0.2.7"));
        Assert.That(where.Ip("cpm-client"), Is.EqualTo("10.0.0.2"), "10.0.0.1 is taken by cpm-server");
        Assert.That(where.All.Select(a => a.Ip).Distinct().Count(), Is.EqualTo(s.Nodes.Count));
        Assert.That(where.Host("isf"), Is.EqualTo("isf.cpm.example"), "under the CPM client's domain");
    }

    [Test]
    public void Instances_TakeConsecutiveAddressesFromTheirIp()
    {
        ScenarioDefinition s = ScenarioLoader.Load("ip.yaml", "extends: r01\nname: ip\nnodes:\n  sip-core: {instances: 3, ip: 10.1.0.254}\n");
        Assert.That(s.Nodes.Where(n => n.Group == "sip-core").Select(n => n.Ip), Is.EqualTo(new[] { "10.1.0.254", "10.1.0.255", "10.1.1.0" }));
    }

    [TestCase("  cpm-server: {ip: 10.0.0.9}\n  isf: {ip: 10.0.0.9}\n", "ip 10.0.0.9 (of isf) is already the address of node 'cpm-server'")]
    [TestCase("  isf: {ip: 10.0.0.256}\n", "ip '10.0.0.256' is not an IPv4 address")]
    [TestCase("  isf: {ip: 10.0.0.4}\n  sip-core: {instances: 2, ip: 10.0.0.3}\n", "ip 10.0.0.4 (of isf) is already the address of node 'sip-core-2'")]
    public void BadIp_IsAFileErrorAtTheKey(string nodes, string message)
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("ip.yaml", "extends: r01\nname: ip\nnodes:\n" + nodes));
        Assert.That(e!.Message, Does.Contain(message));
        Assert.That(e.Message, Does.Match(@"ip\.yaml:\d+:\d+"));
    }

    [Test]
    public void AddressClash_OnTheCommandLine_IsOneLineAndExit2()
    {
        string file = Path.Combine(TempDir, "clash.yaml");
        File.WriteAllText(file, "extends: r01\nname: clash\nnodes:\n  cpm-server: {ip: 10.0.0.9}\n  isf: {ip: 10.0.0.9}\n");
        (int code, _, string err) = Run("replay", file, "--format", "pcap", "--out", Path.Combine(TempDir, "x.pcap"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), err);
        Assert.That(err, Does.Contain("clash.yaml:5:"));
    }
}
