using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Cli;

/// <summary><c>check --strict</c> and <c>strict: true</c> in a flow file, end to end.</summary>
public sealed class StrictCheckCliTests : CliTestFixture
{
    /// <summary>A copy of the r01 flow whose step 12 expects the chat offered too (wrong: the ISF offers only the file).</summary>
    private string WrongFlowScenario(bool strictInFile)
    {
        string flow = BuiltIn.FlowText("r01")!.Replace("sdp: [file], provisional: 100", "sdp: [chat, file], provisional: 100", StringComparison.Ordinal);
        Assert.That(flow, Does.Contain("sdp: [chat, file], provisional: 100, text: \"The ISF routes"));
        if (!strictInFile)
        {
            flow = flow.Replace("strict: true\n", string.Empty, StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(TempDir, "wrong.yaml"), flow);
        string scenario = Path.Combine(TempDir, "s.yaml");
        File.WriteAllText(scenario, "extends: r01\nname: wrong-sdp\nflow: wrong.yaml\n");
        return scenario;
    }

    [Test]
    public void CheckStrict_OfAWrongSdpExpectation_FailsAtStep12()
    {
        string scenario = WrongFlowScenario(strictInFile: false);
        (int code, string output, string err) = Run("check", scenario);
        Assert.That(code, Is.EqualTo(0), "without --strict only the order is checked: " + output + err);
        (code, output, _) = Run("check", scenario, "--strict");
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("strict: step 12: the INVITE Isf → Core").And.Contain("expected SDP m-lines [chat, file], saw [file]"));
    }

    [Test]
    public void StrictTrueInTheFlowFile_ChecksStrictlyWithoutTheOption()
    {
        (int code, string output, _) = Run("check", WrongFlowScenario(strictInFile: true));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("strict: step 12"));
    }

    [Test]
    public void CheckAllStrict_Passes()
    {
        (int code, string output, string err) = Run("check", "--variant", "r01", "--variant", "port-zero", "--variant", "full-story", "--variant", "controlling", "--strict");
        Assert.That(code, Is.EqualTo(0), output + err);
    }
}
