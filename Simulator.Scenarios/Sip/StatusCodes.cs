namespace CpmSim.Scenarios.Sip;

/// <summary>The SIP status codes the model uses, with their reason phrases.</summary>
public static class StatusCodes
{
    public const int Trying = 100;
    public const int Ringing = 180;
    public const int Ok = 200;
    public const int NotFound = 404;
    public const int RequestTimeout = 408;
    /// <summary>415 Unsupported Media Type: the body (here the SDP offer) is not one the answerer takes.</summary>
    public const int UnsupportedMediaType = 415;
    /// <summary>481 Call/Transaction Does Not Exist: an in-dialog request for a dialog the node does not hold (RFC 3261 §12.2.2).</summary>
    public const int CallDoesNotExist = 481;
    public const int TooManyHops = 483;

    /// <summary>487 Request Terminated: the INVITE was cancelled (RFC 3261 §9.2).</summary>
    public const int RequestTerminated = 487;
    public const int NotAcceptableHere = 488;
    public const int RequestPending = 491;
    public const int ServerInternalError = 500;
    public const int ServiceUnavailable = 503;

    /// <summary>504 Server Time-out: a server this node needed to answer the request (e.g. an MMSC behind an IWF) did not answer in time (RFC 3261 §21.5.5).</summary>
    public const int ServerTimeout = 504;
    /// <summary>606 Not Acceptable: the offered session is acceptable nowhere (a global failure).</summary>
    public const int NotAcceptable = 606;

    /// <summary>SIP warning code 304: Media type not available.</summary>
    public const int WarningMediaTypeNotAvailable = 304;

    public static string Reason(int code) => code switch
    {
        Trying => "Trying",
        Ringing => "Ringing",
        Ok => "OK",
        NotFound => "Not Found",
        RequestTimeout => "Request Timeout",
        UnsupportedMediaType => "Unsupported Media Type",
        CallDoesNotExist => "Call/Transaction Does Not Exist",
        TooManyHops => "Too Many Hops",
        RequestTerminated => "Request Terminated",
        NotAcceptableHere => "Not Acceptable Here",
        RequestPending => "Request Pending",
        ServerInternalError => "Server Internal Error",
        ServiceUnavailable => "Service Unavailable",
        ServerTimeout => "Server Time-out",
        NotAcceptable => "Not Acceptable",
        _ => "Status " + code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static bool IsProvisional(int code) => code is >= 100 and < 200;

    public static bool IsSuccess(int code) => code is >= 200 and < 300;

    /// <summary>A failure that refuses the offered media as a whole: 488, 415 or 606 (the session, if any, stays as it was).</summary>
    public static bool RefusesOffer(int code) => code is NotAcceptableHere or UnsupportedMediaType or NotAcceptable;
}
