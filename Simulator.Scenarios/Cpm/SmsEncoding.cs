namespace CpmSim.Scenarios.Cpm;

/// <summary>The alphabet a short message is sent in (3GPP TS 23.038).</summary>
public enum SmsEncoding
{
    /// <summary>GSM 7-bit default alphabet: 160 characters in one message, 153 per concatenated segment.</summary>
    Gsm7,

    /// <summary>UCS-2: 70 characters in one message, 67 per concatenated segment.</summary>
    Ucs2,
}
