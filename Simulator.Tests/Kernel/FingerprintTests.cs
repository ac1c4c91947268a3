using CpmSim.Core.Kernel;

namespace CpmSim.Tests.Kernel;

public class FingerprintTests
{
    private sealed class Tick : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
        {
            if (arg > 0)
            {
                simulation.Schedule(SimTime.FromMilliseconds(arg), this, null, arg - 1);
            }
        }
    }

    private static string Run(string ingredients, long firstDelayMs)
    {
        var sim = new Simulation(seed: 1) { Fingerprint = new Fingerprint(ingredients) };
        sim.Schedule(SimTime.FromMilliseconds(firstDelayMs), new Tick(), null, 5);
        sim.Run();
        Assert.That(sim.Fingerprint.Events, Is.EqualTo(sim.EventsProcessed), "every event is folded in");
        return sim.Fingerprint.ToString();
    }

    [Test]
    public void Kernel_SameEvents_SameFingerprint_OneTimeShifted_TimeIngredientDiffers()
    {
        string once = Run("t", 1);
        Assert.That(Run("t", 1), Is.EqualTo(once));
        Assert.That(Run("t", 1), Is.Not.EqualTo(Run("t", 2)), "the first event one millisecond later");
        Assert.That(Run("e", 1), Is.EqualTo(Run("e", 2)), "the event numbers alone do not see the time");
    }

    [Test]
    public void Fingerprint_ValueText_RoundTrips()
    {
        var f = new Fingerprint("tnk");
        f.Add(42);
        Assert.That(Fingerprint.TryParse(f.ToString(), out ulong hash, out string ingredients, out string? problem), Is.True, problem);
        Assert.That(hash, Is.EqualTo(f.Hash));
        Assert.That(ingredients, Is.EqualTo("tnk"));
        Assert.That(f.ToString(), Does.Match("^[0-9a-f]{16}/tnk$"));
    }

    [TestCase("", "is not a fingerprint")]
    [TestCase("abc/tnk", "is not a fingerprint")]
    [TestCase("0123456789abcdefX/tnk", "is not a fingerprint")]
    [TestCase("0123456789abcdeg/tnk", "is not a fingerprint")]
    [TestCase("0123456789abcdef/", "no fingerprint ingredient")]
    [TestCase("0123456789abcdef/tqk", "'q' in 'tqk' is not a fingerprint ingredient")]
    [TestCase("0123456789abcdef/ttk", "'t' appears twice")]
    public void TryParse_NotAFingerprint_SaysWhy(string text, string why)
    {
        Assert.That(Fingerprint.TryParse(text, out _, out _, out string? problem), Is.False);
        Assert.That(problem, Does.Contain(why));
    }

    [Test]
    public void TextHash_IsFnv1aOverUtf16CodeUnits()
    {
        // FNV-1a 64 of "a" over one 16-bit unit folded as a byte value 0x61: the published offset basis and prime.
        Assert.That((ulong)Fingerprint.Of("a"), Is.EqualTo(unchecked((14695981039346656037UL ^ 0x61) * 1099511628211UL)));
        var a = new Fingerprint("k");
        var b = new Fingerprint("k");
        a.Add("INVITE");
        b.Add(new string("INVITE".ToCharArray())); // another object, same text: the cache by reference must not matter
        Assert.That(a.Hash, Is.EqualTo(b.Hash));
    }
}
