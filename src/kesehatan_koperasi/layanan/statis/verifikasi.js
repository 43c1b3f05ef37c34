// The certificate's QR code names "<laman_verifikasi>#KK1.<signature>.<payload>": the part after
// "#" never reaches the server, so this page takes the verification code out of the payload
// (canonical JSON, its one top-level "kode") and opens /verifikasi/<kode>, where the server looks
// the certificate up in the register and checks its signature (issue 13, item 4). The payload may
// hold a literal "%", so only the quotes the browser escaped are decoded.
(function () {
  var h = (window.location.hash || "").replace(/%22/g, '"');
  if (h.indexOf("KK1.") < 0) { return; }
  var m = h.match(/"kode":"([0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4})"/);
  if (m) { window.location.replace("/verifikasi/" + m[1]); }
})();
