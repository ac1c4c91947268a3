using CpmSim.Cli;
using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Cli;

public class CapacityCommandTests
{
    [Test]
    public void Settings_NoFlags_TheScenariosBlock_FlagsOverrideOneByOne()
    {
        var block = new CapacitySettings { From = 20, Step = 10, Steps = 10, StepDuration = SimTime.FromSeconds(30L), IhsThreshold = 0.002 };

        Assert.That(CapacityCommand.Settings(block, null, null, null, null, null), Is.EqualTo(block));
        Assert.That(CapacityCommand.Settings(block, "5/s", null, 3, "10s", null),
            Is.EqualTo(block with { From = 5, Steps = 3, StepDuration = SimTime.FromSeconds(10L) }));
    }

    [Test]
    public void Capacity_ScenarioWithACapacityBlock_RunsItsSteps()
    {
        string file = Path.Combine(Path.GetTempPath(), "cpmsim-capacity-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, """
            name: small
            extends: load-r01
            expect:
              load: []
              capacity: {from: 15/s, step: 15/s, steps: 2, step-duration: 4s}
            """);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            int code = CliApp.Run(["capacity", file], stdout, stderr);

            Assert.That(code, Is.Zero, stderr.ToString());
            Assert.That(stdout.ToString(), Does.Contain("capacity steps of 4s"));
            Assert.That(stdout.ToString(), Does.Contain("   0        15 ").And.Contain("   1        30 "));
            Assert.That(stdout.ToString(), Does.Not.Contain("   2   "));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
