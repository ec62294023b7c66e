# Lantern — ข้อความส่วนติดต่อผู้ใช้ภาษาไทย
# ทุกคีย์ใน en.ftl ต้องมีในไฟล์นี้ด้วย (มีการทดสอบตรวจสอบ)

site-name = Lantern
skip-to-content = ข้ามไปยังเนื้อหาหลัก
menu = เมนู
nav-main = เมนูหลัก
nav-home = หน้าแรก
language = ภาษา
footer-mission = Lantern ฝึกอบรมผู้ปฏิบัติงานที่คัดแยกและคุ้มครองผู้เสียหายจากการค้ามนุษย์
footer-version = Lantern รุ่น { $version }

not-found-title = ไม่พบหน้าที่ต้องการ
not-found-body = เราไม่พบหน้าที่คุณต้องการ หน้านี้อาจถูกย้าย หรือที่อยู่อาจพิมพ์ผิด
not-found-home = ไปยังหน้าแรก

home-title = การฝึกอบรมสำหรับผู้คุ้มครองผู้เสียหายจากการค้ามนุษย์
home-lead = Lantern คือที่ที่เจ้าหน้าที่ตำรวจ ตรวจคนเข้าเมือง แรงงาน นักสังคมสงเคราะห์ และเจ้าหน้าที่บ้านพักเรียนรู้การคัดแยกผู้เสียหายจากการค้ามนุษย์และการดูแลผู้เสียหาย ตามจังหวะของตนเอง บนโทรศัพท์เครื่องใดก็ได้ และในภาษาของตนเอง
home-who-title = สำหรับใคร
home-who-body = เจ้าหน้าที่และผู้ปฏิบัติงานในอนุภูมิภาคลุ่มแม่น้ำโขง ทั้งผู้ที่พบผู้เสียหายเป็นคนแรก และผู้ที่ให้การช่วยเหลือในภายหลัง การฝึกอบรมจัดโดยกระทรวงและหน่วยงานภาคี ซึ่งเป็นผู้สร้างบัญชีให้แก่เจ้าหน้าที่ของตน
home-how-title = วิธีการใช้งาน
home-feature-learn-title = เรียนรู้
home-feature-learn-body = บทเรียนสั้น ๆ ที่เขียนโดยวิทยากรผู้มีประสบการณ์ พร้อมกรณีศึกษาและแนวทางปฏิบัติที่นำไปใช้ได้ทันทีในการปฏิบัติงาน
home-feature-check-title = ทบทวนความเข้าใจ
home-feature-check-body = แบบทดสอบท้ายบทเรียนช่วยให้เห็นว่าคุณเข้าใจเพียงใด และการประเมินผลขั้นสุดท้ายยืนยันความรู้ของคุณ
home-feature-certify-title = รับประกาศนียบัตร
home-feature-certify-body = เมื่อผ่านหลักสูตร คุณจะได้รับประกาศนียบัตรที่พิมพ์ชื่อด้วยอักษรของคุณเอง พร้อมคิวอาร์โค้ดที่ทุกคนใช้ตรวจสอบความถูกต้องได้
home-feature-report-title = ติดตามความก้าวหน้า
home-feature-report-body = กระทรวงเห็นภาพรวมการฝึกอบรมของหน่วยงานในสังกัด และวิทยากรเห็นว่าคำถามข้อใดช่วยการเรียนรู้ได้ดี
home-principles-title = หลักการของเรา
home-principles-body = การคุ้มครองมาก่อน: การฝึกอบรมยึดความปลอดภัย ศักดิ์ศรี และการตัดสินใจของผู้เสียหายเป็นศูนย์กลาง คำนึงถึงบาดแผลทางใจ: เนื้อหาที่บรรยายถึงการกระทำทารุณจะมีคำเตือนก่อนแสดง ออกแบบเพื่อการปฏิบัติงานจริง: หน้าเว็บมีขนาดเล็ก ใช้งานได้โดยไม่ต้องเปิด JavaScript และบนอินเทอร์เน็ตความเร็วต่ำ


error-unavailable = ขณะนี้ Lantern ไม่สามารถเชื่อมต่อฐานข้อมูลได้ โปรดลองอีกครั้งในอีกสักครู่
error-unknown-language = ไม่มีภาษานี้ให้เลือก

sign-in = เข้าสู่ระบบ
sign-out = ออกจากระบบ
signed-in-as = เข้าสู่ระบบในชื่อ { $name }
login-title = เข้าสู่ระบบ Lantern
login-email = อีเมล
login-password = รหัสผ่าน
login-error-invalid = อีเมลหรือรหัสผ่านไม่ถูกต้อง โปรดตรวจสอบทั้งสองอย่างแล้วลองอีกครั้ง
login-error-limited = เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป เพื่อความปลอดภัยของคุณ โปรดลองอีกครั้งในอีก { $minutes } นาที
login-error-other = เข้าสู่ระบบไม่สำเร็จ โปรดลองอีกครั้ง
login-help = บัญชีผู้ใช้สร้างโดยวิทยากรหรือผู้ดูแลระบบของคุณ หากลืมรหัสผ่าน โปรดขอลิงก์สำหรับตั้งรหัสผ่านใหม่จากบุคคลดังกล่าว
error-cross-site = แบบฟอร์มนี้ถูกส่งมาจากเว็บไซต์อื่น Lantern จึงปฏิเสธคำขอ โปรดย้อนกลับ โหลดหน้าใหม่ แล้วลองอีกครั้ง

password-title = เปลี่ยนรหัสผ่าน
password-current = รหัสผ่านปัจจุบัน
password-new = รหัสผ่านใหม่
password-confirm = รหัสผ่านใหม่อีกครั้ง
password-rule = อย่างน้อย 12 ตัวอักษร คำหลายคำที่ไม่เกี่ยวข้องกันจำได้ง่ายแต่เดายาก
password-submit = เปลี่ยนรหัสผ่าน
password-changed = เปลี่ยนรหัสผ่านแล้ว และได้ออกจากระบบบนอุปกรณ์อื่นทั้งหมดแล้ว
password-error-current = รหัสผ่านปัจจุบันไม่ถูกต้อง
password-error-short = รหัสผ่านใหม่ต้องมีอย่างน้อย 12 ตัวอักษร
password-error-common = รหัสผ่านนี้ใช้กันทั่วไปเกินไป โปรดเลือกรหัสผ่านที่ผู้อื่นไม่น่าจะใช้
password-error-mismatch = รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน
password-error-other = ไม่สามารถเปลี่ยนรหัสผ่านได้ โปรดลองอีกครั้ง
error-sign-in-required = โปรดเข้าสู่ระบบเพื่อดำเนินการต่อ
error-forbidden = คุณไม่มีสิทธิ์เข้าถึงหน้านี้

reset-title = ตั้งรหัสผ่านใหม่
reset-intro = ลิงก์นี้สร้างให้คุณโดยวิทยากรหรือผู้ดูแลระบบ ใช้ได้ครั้งเดียวภายใน 24 ชั่วโมง
reset-submit = ตั้งรหัสผ่านใหม่
reset-done = ตั้งรหัสผ่านใหม่แล้ว โปรดเข้าสู่ระบบด้วยรหัสผ่านใหม่
reset-error-expired = ลิงก์นี้หมดอายุแล้ว โปรดขอลิงก์ใหม่จากวิทยากรหรือผู้ดูแลระบบ
reset-error-used = ลิงก์นี้ถูกใช้ไปแล้ว โปรดขอลิงก์ใหม่จากวิทยากรหรือผู้ดูแลระบบ
reset-error-invalid = ลิงก์นี้ไม่ถูกต้อง โปรดตรวจสอบว่าคัดลอกลิงก์มาครบถ้วน

error-not-found = ไม่พบสิ่งที่คุณต้องการ อาจไม่มีอยู่ หรืออยู่นอกขอบเขตที่คุณดูได้
error-request = คำขอไปไม่ถึง Lantern โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง
form-done = เรียบร้อยแล้ว
form-error = ดำเนินการไม่สำเร็จ โปรดตรวจสอบแบบฟอร์มแล้วลองอีกครั้ง
pager-label = หน้า
pager-previous = หน้าก่อนหน้า
pager-next = หน้าถัดไป
pager-position = หน้า { $page } จาก { $pages }

nav-people = บุคลากร
nav-organisations = หน่วยงาน
nav-audit = บันทึกการตรวจสอบ

role-trainee = ผู้เข้าอบรม
role-trainer = วิทยากร
role-ministry = กระทรวง
role-admin = ผู้ดูแลระบบ

people-title = บุคลากร
people-back = ← บุคลากรทั้งหมด
people-search = ชื่อหรืออีเมล
people-organisation = หน่วยงาน
people-role = บทบาท
people-any = ทั้งหมด
people-status = สถานะ
people-status-active = ใช้งานอยู่
people-status-disabled = ระงับการใช้งาน
people-status-all = ทั้งหมด
people-search-submit = ค้นหา
people-count = { $count } คน
people-new = สร้างบัญชีใหม่

person-name = ชื่อ (ตามที่จะพิมพ์บนประกาศนียบัตร)
person-name-hint = เขียนด้วยอักษรของบุคคลนั้น เช่น ไทย พม่า หรือเขมร
person-name-latin = ชื่อเป็นอักษรโรมัน
person-email = อีเมล
person-position = ตำแหน่ง
person-province = จังหวัด
person-language = ภาษา
person-no-organisation = ไม่มีหน่วยงาน
person-roles = บทบาท
person-created = สร้างบัญชีเมื่อ
person-last-sign-in = เข้าสู่ระบบล่าสุด
person-never = ยังไม่เคย
person-anonymised = บัญชีที่ลบข้อมูลส่วนบุคคลแล้ว
person-new-title = สร้างบัญชีใหม่
person-new-intro = Lantern ไม่ส่งอีเมล เมื่อสร้างบัญชีแล้ว คุณจะได้รับลิงก์ใช้ครั้งเดียวซึ่งมีอายุ 24 ชั่วโมง เพื่อส่งให้บุคคลนั้นตั้งรหัสผ่านเอง
person-create = สร้างบัญชี
person-edit-title = แก้ไขบัญชี
person-save = บันทึกการเปลี่ยนแปลง
person-link-title = ลิงก์ตั้งค่าบัญชี
person-link-body = ส่งลิงก์นี้ให้บุคคลนั้นด้วยตนเองหรือทางโทรศัพท์ ใช้ได้ครั้งเดียวภายใน 24 ชั่วโมง และจะแสดงเพียงครั้งนี้เท่านั้น
person-link-label = ลิงก์ใช้ครั้งเดียว
person-issue-link = ออกลิงก์ตั้งรหัสผ่านใหม่
person-issue-link-hint = รหัสผ่านเดิมยังใช้ได้จนกว่าจะมีการใช้ลิงก์
person-access-title = การเข้าใช้งาน
person-disable = ระงับบัญชี
person-disable-hint = บุคคลนั้นจะถูกออกจากระบบทุกอุปกรณ์ และเข้าสู่ระบบไม่ได้จนกว่าจะเปิดใช้บัญชีอีกครั้ง
person-enable = เปิดใช้บัญชี
person-enable-hint = บุคคลนั้นจะเข้าสู่ระบบด้วยรหัสผ่านเดิมได้อีกครั้ง
person-anonymise-title = ลบข้อมูลส่วนบุคคล
person-anonymise-body = ลบชื่อ อีเมล ตำแหน่ง จังหวัด รหัสผ่าน และประวัติการเข้าสู่ระบบอย่างถาวร ผลการอบรมยังคงนับในสถิติของรายงานโดยไม่มีชื่อ การดำเนินการนี้ย้อนกลับไม่ได้
person-anonymise-confirm = ฉันเข้าใจว่าการดำเนินการนี้ย้อนกลับไม่ได้
person-anonymise = ลบข้อมูลส่วนบุคคล
person-done-created = สร้างบัญชีแล้ว
person-done-saved = บันทึกการเปลี่ยนแปลงแล้ว
person-done-disabled = ระงับบัญชีและออกจากระบบทุกอุปกรณ์แล้ว
person-done-enabled = เปิดใช้บัญชีแล้ว
person-done-anonymised = ลบข้อมูลส่วนบุคคลของบัญชีแล้ว
person-done-link = ลิงก์ใช้ครั้งเดียวพร้อมแล้ว
person-error-forbidden = คุณไม่มีสิทธิ์ทำการเปลี่ยนแปลงนี้
person-error-not-found = ไม่มีบัญชีนี้ หรือคุณไม่มีสิทธิ์ดู
person-error-own-account = คุณทำเช่นนี้กับบัญชีของตนเองไม่ได้
person-error-last-admin = นี่คือผู้ดูแลระบบคนสุดท้ายที่ใช้งานอยู่ โปรดแต่งตั้งผู้ดูแลระบบคนอื่นก่อน
person-error-invalid-email = อีเมลไม่ถูกต้อง
person-error-empty-name = ต้องระบุชื่อ
person-error-no-role = โปรดเลือกอย่างน้อยหนึ่งบทบาท
person-error-duplicate-email = มีบัญชีอื่นใช้อีเมลนี้แล้ว
person-error-unknown-organisation = ไม่มีหน่วยงานนี้
person-error-confirm = โปรดทำเครื่องหมายในช่องเพื่อยืนยัน

orgs-title = หน่วยงาน
orgs-new-title = เพิ่มหน่วยงาน
orgs-name = ชื่อ
orgs-slug = ชื่อย่อสำหรับที่อยู่เว็บและรายงาน
orgs-slug-hint = ตัวอักษรภาษาอังกฤษพิมพ์เล็ก ตัวเลข และขีดกลาง เช่น dsdw-chiang-rai เปลี่ยนภายหลังไม่ได้
orgs-parent = สังกัด
orgs-top-level = ไม่มี (กระทรวงหรือหน่วยงานระดับบนสุด)
orgs-create = เพิ่มหน่วยงาน
orgs-edit = เปลี่ยนชื่อหรือย้าย
orgs-save = บันทึก
orgs-people = บุคลากร
orgs-done-created = เพิ่มหน่วยงานแล้ว
orgs-done-saved = บันทึกหน่วยงานแล้ว
orgs-error-invalid-slug = ชื่อย่อต้องเป็นตัวอักษรภาษาอังกฤษพิมพ์เล็ก ตัวเลข และขีดกลาง 2–64 ตัว
orgs-error-empty-name = ต้องระบุชื่อ
orgs-error-duplicate-slug = มีหน่วยงานอื่นใช้ชื่อย่อนี้แล้ว
orgs-error-not-found = ไม่มีหน่วยงานนี้
orgs-error-cycle = ไม่สามารถย้ายหน่วยงานไปอยู่ภายใต้ตนเองหรือหน่วยย่อยของตนเองได้

audit-title = บันทึกการตรวจสอบ
audit-intact = บันทึกครบถ้วน: ตรวจสอบแล้วถูกต้องทั้ง { $entries } รายการ
audit-broken = บันทึกถูกแก้ไขที่รายการ { $id }: { $reason }
audit-when = เวลา
audit-who = ผู้ดำเนินการ
audit-action = การกระทำ
audit-subject = เกี่ยวกับ
audit-detail = รายละเอียด
audit-from = จาก
audit-older = รายการก่อนหน้า

account-title = บัญชีของฉัน
account-name-hint = หากต้องการแก้ไขชื่อหรือหน่วยงาน โปรดติดต่อวิทยากรหรือผู้ดูแลระบบ
account-security = ความปลอดภัย
account-data-title = ข้อมูลของคุณ
account-data-body = ดาวน์โหลดข้อมูลทั้งหมดที่ Lantern เก็บเกี่ยวกับคุณ ได้แก่ บัญชี การเข้าสู่ระบบ และกิจกรรม เป็นไฟล์ JSON
account-data-download = ดาวน์โหลดข้อมูลของฉัน

callout-note = หมายเหตุ
callout-warning = คำเตือน
callout-case = กรณีศึกษา
callout-practice = แบบฝึกหัด
