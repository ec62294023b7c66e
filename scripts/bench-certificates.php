<?php
// The reference for `lantern certificate-benchmark` (docs/benchmarks.md,
// issue 17): TCPDF — the PDF engine Moodle's certificates use — rendering a
// comparable certificate COUNT times, one after another: A4 landscape, a
// double frame, the title, a Thai holder's name and Thai course title in
// Noto Sans Thai (TCPDF cannot shape, so the Thai is set unshaped), the
// Latin name, dates, the issuer over a line, the certificate id, a vector
// QR code with a link, fonts embedded and subset, streams compressed.
// Fonts are converted once, before the clock starts, as Moodle installs
// them once. Run by scripts/bench-certificates.sh.
//
//   php scripts/bench-certificates.php COUNT FONT_CACHE_DIR [OUT.pdf]

// TCPDF's font converter warns about tables it does not use.
error_reporting(E_ALL & ~E_WARNING & ~E_NOTICE & ~E_DEPRECATED);
require_once '/usr/share/php/tcpdf/tcpdf.php';

$count = (int) ($argv[1] ?? 200);
$cache = rtrim($argv[2] ?? sys_get_temp_dir(), '/') . '/';
$out = $argv[3] ?? null;
$fonts = __DIR__ . '/../server/fonts/';

$started = microtime(true);
$face = [];
foreach ([
    'latin' => 'NotoSans-Regular.ttf',
    'latinb' => 'NotoSans-Bold.ttf',
    'thai' => 'NotoSansThai-Regular.ttf',
    'thaib' => 'NotoSansThai-Bold.ttf',
] as $key => $file) {
    $face[$key] = TCPDF_FONTS::addTTFfont($fonts . $file, 'TrueTypeUnicode', '', 96, $cache);
    if ($face[$key] === false) {
        fwrite(STDERR, "error: TCPDF could not convert $file\n");
        exit(1);
    }
}
$fonts_ms = (microtime(true) - $started) * 1000;

$given = ['สมหญิง', 'ประเสริฐ', 'วรรณา', 'ณัฐพล', 'กัลยาณี', 'ธีรวัฒน์', 'น้ำฝน', 'ศุภชัย'];
$family = ['น้ำใจดี', 'ศรีสุข', 'วงศ์ใหญ่', 'ทองคำ', 'แก้วมณี', 'บุญประเสริฐ', 'จันทร์เพ็ญ', 'สุขเกษม'];
$course = 'การคัดแยกผู้เสียหายจากการค้ามนุษย์โดยยึดการคุ้มครองเป็นหลัก';

$font = function (TCPDF $pdf, string $key, float $size) use ($face, $cache) {
    $pdf->SetFont($face[$key], '', $size, $cache . $face[$key] . '.php');
};

$bytes = 0;
$last = '';
$started = microtime(true);
for ($i = 0; $i < $count; $i++) {
    $code = strtoupper(substr(bin2hex(random_bytes(8)), 0, 12));
    $url = "https://lantern.example.org/verify/$code";
    $pdf = new TCPDF('L', 'pt', 'A4', true, 'UTF-8', false);
    $pdf->setPrintHeader(false);
    $pdf->setPrintFooter(false);
    $pdf->setFontSubsetting(true);
    $pdf->SetCompression(true);
    $pdf->SetMargins(0, 0, 0);
    $pdf->SetAutoPageBreak(false);
    $pdf->SetCreator('Lantern benchmark');
    $pdf->SetTitle('Certificate of completion');
    $pdf->AddPage();
    $w = $pdf->getPageWidth();
    $h = $pdf->getPageHeight();
    $pdf->SetDrawColor(31, 94, 120);
    $pdf->SetLineWidth(3);
    $pdf->Rect(22, 22, $w - 44, $h - 44, 'D');
    $pdf->SetLineWidth(0.8);
    $pdf->Rect(32, 32, $w - 64, $h - 64, 'D');
    $pdf->SetTextColor(31, 94, 120);
    $font($pdf, 'thaib', 30);
    $pdf->SetXY(80, 70);
    $pdf->Cell($w - 160, 40, 'ประกาศนียบัตร', 0, 1, 'C');
    $pdf->SetTextColor(90, 100, 110);
    $font($pdf, 'thai', 13);
    $pdf->SetXY(80, 125);
    $pdf->Cell($w - 160, 20, 'ขอรับรองว่า', 0, 1, 'C');
    $pdf->SetTextColor(28, 41, 56);
    $font($pdf, 'thaib', 32);
    $pdf->SetXY(80, 160);
    $pdf->Cell($w - 160, 44, $given[$i % 8] . ' ' . $family[intdiv($i, 8) % 8], 0, 1, 'C');
    $font($pdf, 'latin', 16);
    $pdf->SetXY(80, 215);
    $pdf->Cell($w - 160, 22, "Trainee $i", 0, 1, 'C');
    $pdf->SetTextColor(90, 100, 110);
    $font($pdf, 'thai', 13);
    $pdf->SetXY(80, 250);
    $pdf->Cell($w - 160, 20, 'ได้สำเร็จการอบรมหลักสูตร', 0, 1, 'C');
    $pdf->SetTextColor(28, 41, 56);
    $font($pdf, 'thaib', 21);
    $pdf->SetXY(80, 275);
    $pdf->Cell($w - 160, 30, $course, 0, 1, 'C', false, '', 1);
    $font($pdf, 'thai', 12);
    $pdf->SetXY(80, 315);
    $pdf->Cell($w - 160, 18, '7 ชั่วโมง   ·   ออกให้ 30 พฤศจิกายน 2569   ·   ใช้ได้ถึง 30 พฤศจิกายน 2571', 0, 1, 'C');
    $pdf->SetDrawColor(28, 41, 56);
    $pdf->SetLineWidth(0.7);
    $pdf->Line(80, $h - 140, 330, $h - 140);
    $font($pdf, 'latinb', 12);
    $pdf->SetXY(80, $h - 134);
    $pdf->Cell(250, 16, 'Lantern', 0, 1, 'L');
    $font($pdf, 'thai', 10);
    $pdf->SetXY(80, $h - 116);
    $pdf->Cell(250, 14, 'ผู้ออกประกาศนียบัตร', 0, 1, 'L');
    $qr = 96;
    $qx = $w - 80 - $qr;
    $qy = $h - 70 - $qr;
    $pdf->write2DBarcode($url, 'QRCODE,M', $qx, $qy, $qr, $qr, ['border' => false, 'padding' => 0, 'fgcolor' => [28, 41, 56], 'bgcolor' => false], 'N');
    $pdf->Link($qx, $qy, $qr, $qr, $url);
    $font($pdf, 'latinb', 11);
    $pdf->SetXY(80, $h - 120);
    $pdf->Cell($qx - 96, 14, "Certificate ID $code", 0, 1, 'R');
    $font($pdf, 'latin', 9);
    $pdf->SetXY(80, $h - 104);
    $pdf->Cell($qx - 96, 13, $url, 0, 1, 'R', false, $url);
    $last = $pdf->Output('', 'S');
    $bytes += strlen($last);
}
$elapsed = microtime(true) - $started;
if ($out !== null) {
    file_put_contents($out, $last);
}
printf("fonts converted once: %.1f ms\n", $fonts_ms);
printf(
    "%d certificates in %.2f s: %.2f ms per certificate, %.0f bytes per PDF on average\n",
    $count,
    $elapsed,
    $elapsed * 1000 / max(1, $count),
    $bytes / max(1, $count)
);
