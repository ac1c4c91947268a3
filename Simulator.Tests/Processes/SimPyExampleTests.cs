using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Processes;

namespace CpmSim.Tests.Processes;

/// <summary>
/// SimPy's own examples (docs/examples: bank renege, car wash, machine shop) rebuilt as processes
/// here, drawing from a port of CPython's <c>random</c> so that the same seed gives the same draws.
/// The references are the outputs SimPy's documentation prints (docs/examples/code/*.out of the
/// SimPy repository, seed 42). One time unit of the examples is one simulated second here.
/// </summary>
public class SimPyExampleTests
{
    private static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    [Test]
    public void PythonRandom_DrawsWhatCPythonDraws()
    {
        // CPython 3: random.seed(42); random(), getrandbits(3), randint(5, 9), expovariate(0.1),
        // normalvariate(10, 2), uniform(1, 3) printed 0.6394267984578837 0 7 2.8089429999558515
        // 11.816285997182705 2.1809850248980793.
        var r = new PythonRandom(42);
        Assert.That(r.Random(), Is.EqualTo(0.6394267984578837));
        Assert.That(r.GetRandBits(3), Is.EqualTo(0));
        Assert.That(r.RandInt(5, 9), Is.EqualTo(7));
        Assert.That(r.ExpoVariate(0.1), Is.EqualTo(2.8089429999558515).Within(1e-15));
        Assert.That(r.NormalVariate(10, 2), Is.EqualTo(11.816285997182705).Within(1e-13));
        Assert.That(r.Uniform(1, 3), Is.EqualTo(2.1809850248980793).Within(1e-15));
    }

    [Test]
    public void BankRenege_PrintsWhatSimPysDocumentationPrints()
    {
        // bank_renege.py: one counter, 5 customers about every 10 s, 12 s in the bank on average,
        // patience uniform in [1, 3] s: `yield req | env.timeout(patience)`.
        var random = new PythonRandom(42);
        var sim = new Simulation();
        var counter = new Resource(sim, 1);
        var lines = new List<string>();

        async SimTask Customer(string name, double timeInBank)
        {
            double arrive = sim.Now.TotalSeconds;
            lines.Add(F("{0,7:F4} {1}: Here I am", arrive, name));
            double patience = random.Uniform(1, 3);
            using ResourceHandle unit = await counter.Request(timeout: SimTime.FromSeconds(patience));
            double wait = sim.Now.TotalSeconds - arrive;
            if (unit.IsGranted)
            {
                lines.Add(F("{0,7:F4} {1}: Waited {2,6:F3}", sim.Now.TotalSeconds, name, wait));
                await sim.Delay(SimTime.FromSeconds(random.ExpoVariate(1.0 / timeInBank)));
                lines.Add(F("{0,7:F4} {1}: Finished", sim.Now.TotalSeconds, name));
            }
            else
            {
                lines.Add(F("{0,7:F4} {1}: RENEGED after {2,6:F3}", sim.Now.TotalSeconds, name, wait));
            }
        }

        sim.Process(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                string name = F("Customer{0:D2}", i);
                _ = sim.Process(() => Customer(name, 12.0), name);
                await sim.Delay(SimTime.FromSeconds(random.ExpoVariate(1.0 / 10.0)));
            }
        }, "source");
        sim.Run();

        Assert.That(lines, Is.EqualTo(new[]
        {
            " 0.0000 Customer00: Here I am",
            " 0.0000 Customer00: Waited  0.000",
            " 3.8595 Customer00: Finished",
            "10.2006 Customer01: Here I am",
            "10.2006 Customer01: Waited  0.000",
            "12.7265 Customer02: Here I am",
            "13.9003 Customer02: RENEGED after  1.174",
            "23.7507 Customer01: Finished",
            "34.9993 Customer03: Here I am",
            "34.9993 Customer03: Waited  0.000",
            "37.9599 Customer03: Finished",
            "40.4798 Customer04: Here I am",
            "40.4798 Customer04: Waited  0.000",
            "43.1401 Customer04: Finished",
        }));
    }

    [Test]
    public void CarWash_EveryCarArrivesEntersAndLeavesWhenSimPysDocumentationSays()
    {
        // carwash.py: 2 machines, 5 min a wash, 4 cars at 0 then one every randint(5, 9) min, 20 min.
        // SimPy resumes a process whose request is granted on the spot through the event queue, so
        // it prints the four arrivals at 0 before the first entries; here a granted request
        // continues at once (documented): the lines within one instant may come in another order,
        // so each car's own lines are compared in order, and all lines as a multiset.
        var random = new PythonRandom(42);
        var sim = new Simulation();
        var machine = new Resource(sim, 2);
        var lines = new List<string>();

        async SimTask Wash(string car)
        {
            await sim.Delay(SimTime.FromSeconds(5));
            lines.Add(F("Carwashed removed {0}% of {1}'s dirt.", random.RandInt(50, 99), car));
        }

        async SimTask Car(string name)
        {
            lines.Add(F("{0} arrives at the carwash at {1:F2}.", name, sim.Now.TotalSeconds));
            using ResourceHandle unit = await machine.Request();
            lines.Add(F("{0} enters the carwash at {1:F2}.", name, sim.Now.TotalSeconds));
            await sim.Process(() => Wash(name));
            lines.Add(F("{0} leaves the carwash at {1:F2}.", name, sim.Now.TotalSeconds));
        }

        sim.Process(async () =>
        {
            int i = 0;
            for (; i < 4; i++)
            {
                string name = F("Car {0}", i);
                _ = sim.Process(() => Car(name));
            }

            while (true)
            {
                await sim.Delay(SimTime.FromSeconds(random.RandInt(5, 9)));
                string name = F("Car {0}", i++);
                _ = sim.Process(() => Car(name));
            }
        }, "setup");
        sim.RunUntil(SimTime.FromSeconds(20));

        string[] documented =
        [
            "Car 0 arrives at the carwash at 0.00.", "Car 1 arrives at the carwash at 0.00.",
            "Car 2 arrives at the carwash at 0.00.", "Car 3 arrives at the carwash at 0.00.",
            "Car 0 enters the carwash at 0.00.", "Car 1 enters the carwash at 0.00.",
            "Car 4 arrives at the carwash at 5.00.",
            "Carwashed removed 97% of Car 0's dirt.", "Carwashed removed 67% of Car 1's dirt.",
            "Car 0 leaves the carwash at 5.00.", "Car 1 leaves the carwash at 5.00.",
            "Car 2 enters the carwash at 5.00.", "Car 3 enters the carwash at 5.00.",
            "Car 5 arrives at the carwash at 10.00.",
            "Carwashed removed 64% of Car 2's dirt.", "Carwashed removed 58% of Car 3's dirt.",
            "Car 2 leaves the carwash at 10.00.", "Car 3 leaves the carwash at 10.00.",
            "Car 4 enters the carwash at 10.00.", "Car 5 enters the carwash at 10.00.",
            "Carwashed removed 97% of Car 4's dirt.", "Carwashed removed 56% of Car 5's dirt.",
            "Car 4 leaves the carwash at 15.00.", "Car 5 leaves the carwash at 15.00.",
            "Car 6 arrives at the carwash at 16.00.", "Car 6 enters the carwash at 16.00.",
        ];

        // Each car's arrival, entry and departure at the documented times, in the documented order.
        for (int car = 0; car <= 6; car++)
        {
            string tag = F("Car {0} ", car);
            Assert.That(lines.Where(l => l.StartsWith(tag, StringComparison.Ordinal)),
                Is.EqualTo(documented.Where(l => l.StartsWith(tag, StringComparison.Ordinal))), tag.Trim());
        }

        // The same dirt draws. Cars 4 and 5 both start washing at 10 and finish at 15: here car 5,
        // whose request was granted on the spot, starts its wash before car 4, woken by a release,
        // resumes — so the two draws at 15 go to the other car. The draws themselves are the same.
        static string Draw(string line) => line[..line.IndexOf(" of ", StringComparison.Ordinal)];
        Assert.That(lines.Where(l => l.StartsWith("Carwashed", StringComparison.Ordinal)).Select(Draw),
            Is.EqualTo(documented.Where(l => l.StartsWith("Carwashed", StringComparison.Ordinal)).Select(Draw)));
        Assert.That(lines, Has.Count.EqualTo(documented.Length));
    }

    /// <summary>machine_shop.py: parts made by each of 10 machines in 4 weeks.</summary>
    private static int[] MachineShop(uint seed)
    {
        const double PtMean = 10.0;
        const double PtSigma = 2.0;
        const double Mttf = 300.0;
        const double RepairTime = 30.0;
        const double JobDuration = 30.0;
        const int Machines = 10;
        const double SimTimeMinutes = 4 * 7 * 24 * 60;

        var random = new PythonRandom(seed);
        var sim = new Simulation();
        var repairman = new Resource(sim, 1, ResourceQueueing.PreemptivePriority);
        int[] parts = new int[Machines];
        bool[] broken = new bool[Machines];
        static SimTime Minutes(double m) => SimTime.FromSeconds(Math.Max(0, m));

        async SimTask Working(int m)
        {
            while (true)
            {
                double doneIn = random.NormalVariate(PtMean, PtSigma);
                while (doneIn != 0)
                {
                    double start = sim.Now.TotalSeconds;
                    try
                    {
                        await sim.Delay(Minutes(doneIn));
                        doneIn = 0;
                    }
                    catch (InterruptedException)
                    {
                        broken[m] = true;
                        doneIn -= sim.Now.TotalSeconds - start;
                        using (await repairman.Request(priority: 1))
                        {
                            await sim.Delay(Minutes(RepairTime));
                        }

                        broken[m] = false;
                    }
                }

                parts[m]++;
            }
        }

        async SimTask BreakMachine(int m, SimTask working)
        {
            while (true)
            {
                await sim.Delay(Minutes(random.ExpoVariate(1 / Mttf)));
                if (!broken[m])
                {
                    working.Interrupt();
                }
            }
        }

        async SimTask OtherJobs()
        {
            while (true)
            {
                double doneIn = JobDuration;
                while (doneIn != 0)
                {
                    using (await repairman.Request(priority: 2))
                    {
                        double start = sim.Now.TotalSeconds;
                        try
                        {
                            await sim.Delay(Minutes(doneIn));
                            doneIn = 0;
                        }
                        catch (InterruptedException)
                        {
                            doneIn -= sim.Now.TotalSeconds - start;
                        }
                    }
                }
            }
        }

        for (int m = 0; m < Machines; m++)
        {
            int machine = m;
            SimTask working = sim.Process(() => Working(machine), F("Machine {0}", machine));
            sim.Process(() => BreakMachine(machine, working));
        }

        sim.Process(OtherJobs, "other jobs");
        sim.RunUntil(SimTime.FromSeconds(SimTimeMinutes));
        return parts;
    }

    [Test]
    public void MachineShop_PartsPerMachine_MatchSimPysDocumentedDistribution()
    {
        // machine_shop.out2 (seed 42): parts made by machines 0–9 in 4 weeks.
        double[] documented = [3251, 3273, 3242, 3343, 3387, 3244, 3269, 3185, 3302, 3279];
        double[] ours = [.. new uint[] { 42, 1, 2, 3, 4, 5 }.SelectMany(s => MachineShop(s)).Select(p => (double)p)];

        // Welch's t on the means (documented 10 machines vs ours 60), and the spread within a factor
        // the sample sizes allow.
        static (double Mean, double Var) Stats(double[] x)
        {
            double mean = x.Average();
            return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        }

        (double m1, double v1) = Stats(documented);
        (double m2, double v2) = Stats(ours);
        double t = (m1 - m2) / Math.Sqrt((v1 / documented.Length) + (v2 / ours.Length));
        Assert.That(Math.Abs(t), Is.LessThan(3.3), $"SimPy's mean {m1:F1} (sd {Math.Sqrt(v1):F1}) vs ours {m2:F1} (sd {Math.Sqrt(v2):F1}): Welch t = {t:F2}");
        Assert.That(Math.Sqrt(v2) / Math.Sqrt(v1), Is.InRange(0.4, 2.5), "spread of parts per machine");
    }
}
