namespace CpmSim.Scenarios.Wire;

/// <summary>The protocol a message goes on the wire in.</summary>
public enum WireProtocol
{
    /// <summary>SIP (RFC 3261) with SDP bodies (RFC 4566), over UDP or TCP on port 5060.</summary>
    Sip,

    /// <summary>MSRP (RFC 4975) over TCP on port 2855.</summary>
    Msrp,

    /// <summary>HTTP/1.1 on port 80: MM7 SOAP (3GPP TS 23.140) between an IWF and an MMSC, and the MMSC's MM1 notification.</summary>
    Http,

    /// <summary>SMPP 3.4 over TCP on port 2775, carrying the 3GPP TS 23.040 fields of the short message.</summary>
    Smpp,
}
