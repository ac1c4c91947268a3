using CpmSim.Scenarios.Cpm;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>Reference: 3GPP TS 23.038 (alphabets) and TS 23.040 (concatenation): GSM 7-bit 160 single /
/// 153 per segment with the 8-bit reference (152 with the 16-bit one); UCS-2 70 / 67 (66).</summary>
public class SmsSegmentationTests
{
    [TestCase(1, 1)]
    [TestCase(160, 1)]
    [TestCase(161, 2)]
    [TestCase(306, 2)]
    [TestCase(307, 3)]
    [TestCase(459, 3)]
    [TestCase(460, 4)]
    public void Segments_Gsm7Text_160Then153PerSegment(int length, int segments)
    {
        string text = new('a', length);

        Assert.That(SmsSegmentation.Segments(text), Is.EqualTo(segments));
        Assert.That(SmsSegmentation.EncodingOf(text), Is.EqualTo(SmsEncoding.Gsm7));
    }

    [TestCase(70, 1)]
    [TestCase(71, 2)]
    [TestCase(134, 2)]
    [TestCase(135, 3)]
    public void Segments_Ucs2Text_70Then67PerSegment(int length, int segments)
    {
        string text = new('й', length);

        Assert.That(SmsSegmentation.EncodingOf(text), Is.EqualTo(SmsEncoding.Ucs2));
        Assert.That(SmsSegmentation.Segments(text), Is.EqualTo(segments));
    }

    [TestCase(304, false, 2)]
    [TestCase(305, false, 2)]
    [TestCase(304, true, 2)]
    [TestCase(305, true, 3)]
    public void Segments_Gsm7SixteenBitReference_152PerSegment(int length, bool sixteen, int segments)
    {
        Assert.That(SmsSegmentation.Segments(new string('a', length), sixteen), Is.EqualTo(segments));
    }

    [TestCase(132, 2)]
    [TestCase(133, 3)]
    public void Segments_Ucs2SixteenBitReference_66PerSegment(int length, int segments)
    {
        Assert.That(SmsSegmentation.Segments(new string('й', length), sixteenBitReference: true), Is.EqualTo(segments));
    }

    [Test]
    public void Plan_ExtensionCharacters_CountTwoSeptetsAndAreNotSplit()
    {
        // 159 plain + '€' (escape + e) = 161 septets: no longer fits one message.
        string text = new string('a', 159) + "€";
        Assert.That(SmsSegmentation.Plan(text), Is.EqualTo((SmsEncoding.Gsm7, 161, 2)));

        // 152 plain + '€' would straddle the 153-septet segment boundary: the pair moves to segment 2.
        string straddle = new string('a', 152) + "€" + new string('a', 10);
        Assert.That(SmsSegmentation.Plan(straddle).Segments, Is.EqualTo(2));
        Assert.That(SmsSegmentation.Plan(new string('a', 152) + "€" + new string('a', 152)).Segments, Is.EqualTo(3));
    }

    [Test]
    public void EncodingOf_GsmAccentsAndGreek_StayGsm7_OtherScriptsAreUcs2()
    {
        Assert.That(SmsSegmentation.EncodingOf("Grüße, Ångström ΔΦΓ ¿ñ?"), Is.EqualTo(SmsEncoding.Gsm7));
        Assert.That(SmsSegmentation.EncodingOf("Köln — hi"), Is.EqualTo(SmsEncoding.Ucs2), "the em dash is not in the GSM 7-bit alphabet");
        Assert.That(SmsSegmentation.EncodingOf("你好"), Is.EqualTo(SmsEncoding.Ucs2));
    }
}
